#!/usr/bin/env bash
# Benchmarks for gwpipe. Each group prints a table of ratios against a reference
# measured in the same run on the same machine; see Benchmarks/README.md.
#
#   Benchmarks/run.sh            run every group
#   Benchmarks/run.sh parse      run one group (several may be named)
#   Benchmarks/run.sh --list     list the groups
#
# Environment:
#   BENCH_RUNS=5 BENCH_WARMUP=1  hyperfine runs and warm-up runs per command
#   BENCH_YAML_RUNS=N            runs for the PyYAML reference only, without warm-up
#                                (it takes ~2 min per run at 100k routes; 1 saves ~10 min)
#   GWPIPE_BIN=path              use this gwpipe binary instead of building one
#   PYTHON=python3               the Python that runs the json / PyYAML references
#
# To add a group: write a bench_<name> function, add a case arm in run_group,
# and add <name> to ALL_GROUPS.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
DATA="$HERE/data"
RESULTS="$DATA/results"
SCRATCH=".build-bench"
RUNS=${BENCH_RUNS:-5}
WARMUP=${BENCH_WARMUP:-1}

ALL_GROUPS=(parse)

die() { echo "run.sh: error: $*" >&2; exit 1; }
note() { echo "==> $*" >&2; }
q() { printf '%q' "$1"; }  # quote one word for a hyperfine command line

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

# --- shared prerequisites ----------------------------------------------------

require_hyperfine() {
    command -v hyperfine >/dev/null \
        || die "hyperfine is not installed; install it with: apt-get install -y hyperfine"
}

# Resolves $PY to the real interpreter: a pyenv shim is itself a bash script and
# would add its own start-up to every Python measurement.
PY=""
require_python() {
    [[ -n "$PY" ]] && return
    local python=${PYTHON:-python3}
    command -v "$python" >/dev/null || die "$python not found"
    PY=$("$python" -c 'import sys; print(sys.executable)')
}

require_pyyaml() {
    require_python
    "$PY" -c 'import yaml; yaml.CSafeLoader' 2>/dev/null \
        || die "PyYAML with its C loader is needed: pip install pyyaml (with libyaml-dev installed)" \
               "and check with: $PY -c 'import yaml; yaml.CSafeLoader'"
}

# Builds gwpipe once per run.sh invocation; sets $GWPIPE.
GWPIPE=""
require_gwpipe() {
    [[ -n "$GWPIPE" ]] && return
    if [[ -n "${GWPIPE_BIN:-}" ]]; then
        [[ -x "$GWPIPE_BIN" ]] || die "GWPIPE_BIN=$GWPIPE_BIN is not an executable"
        GWPIPE=$GWPIPE_BIN
        return
    fi
    note "building gwpipe (release, scratch path $SCRATCH)"
    (cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product gwpipe) \
        || die "release build of gwpipe failed"
    GWPIPE="$(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/gwpipe"
    [[ -x "$GWPIPE" ]] || die "build succeeded but $GWPIPE is missing"
}

# generate_data ROUTES PROVIDERS: writes $DATA/routes-ROUTES.{gwpipe,yaml,json}
# unless they exist and are newer than the generator.
generate_data() {
    local routes=$1 providers=$2 base="$DATA/routes-$1" ext stale=0
    for ext in gwpipe yaml json; do
        [[ -f "$base.$ext" && "$base.$ext" -nt "$HERE/generate.py" ]] || stale=1
    done
    if ((stale)); then
        note "generating $routes routes / $providers providers"
        "$PY" "$HERE/generate.py" --routes "$routes" --providers "$providers" --out "$DATA"
    fi
}

# Runs `gwpipe check FILE` once outside hyperfine, so that a failing check shows
# its diagnostics instead of hyperfine's bare "non-zero exit code".
preflight_check() {
    local file=$1 status=0 out
    out=$("$GWPIPE" check "$file" 2>&1) || status=$?
    if ((status != 0)); then
        echo "$out" | head -n 30 >&2
        die "gwpipe check $file exited $status; the benchmark needs a file that checks clean"
    fi
}

machine_header() {
    echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine:  $(uname -srm), $(nproc) cores," \
        "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
    echo "commit:   $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'none')"
    echo "tools:    $(swift --version 2>/dev/null | head -n 1 || true); $(hyperfine --version);" \
        "$("$PY" --version 2>&1); PyYAML $("$PY" -c 'import yaml; print(yaml.__version__)')"
    echo "command:  Benchmarks/run.sh $*  (runs=$RUNS, warmup=$WARMUP)"
}

hyperfine_run() {  # hyperfine_run EXPORT_JSON WARMUP RUNS hyperfine-args...
    local export=$1 warmup=$2 runs=$3
    shift 3
    hyperfine --shell=none --warmup "$warmup" --runs "$runs" --export-json "$export" "$@"
}

# --- group: parse --------------------------------------------------------------
# `gwpipe check` (whole process) vs CPython json.load / PyYAML CSafeLoader of the
# same data, at 10k and 100k routes, plus binary start-up vs `true`.

bench_parse() {
    require_hyperfine
    require_pyyaml
    require_gwpipe
    mkdir -p "$DATA" "$RESULTS"
    generate_data 10000 1000
    generate_data 100000 10000

    local yaml_runs=${BENCH_YAML_RUNS:-$RUNS} yaml_warmup=$WARMUP
    [[ -n "${BENCH_YAML_RUNS:-}" ]] && yaml_warmup=0
    local n base
    for n in 10000 100000; do
        base="$DATA/routes-$n"
        preflight_check "$base.gwpipe"
        note "parse: $n routes"
        hyperfine_run "$RESULTS/parse-$n.json" "$WARMUP" "$RUNS" \
            -n "gwpipe check" "$(q "$GWPIPE") check $(q "$base.gwpipe")" \
            -n "json.load" "$(q "$PY") -c 'import json,sys; json.load(open(sys.argv[1]))' $(q "$base.json")" \
            -n "python start-up" "$(q "$PY") -c pass"
        note "parse: $n routes, PyYAML reference (slow: context only)"
        hyperfine_run "$RESULTS/parse-$n-yaml.json" "$yaml_warmup" "$yaml_runs" \
            -n "PyYAML CSafeLoader" \
            "$(q "$PY") -c 'import yaml,sys; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)' $(q "$base.yaml")"
    done

    local quickstart="$ROOT/examples/quickstart.gwpipe"
    rm -f "$RESULTS/startup.json"
    if [[ -f "$quickstart" ]]; then
        preflight_check "$quickstart"
        note "parse: binary start-up"
        hyperfine_run "$RESULTS/startup.json" "$WARMUP" "$RUNS" \
            -n "gwpipe check quickstart" "$(q "$GWPIPE") check $(q "$quickstart")" \
            -n "true" "true"
    else
        note "examples/quickstart.gwpipe does not exist yet; start-up not measured"
    fi

    { machine_header parse; echo "yaml runs: $yaml_runs, warmup $yaml_warmup"; echo; parse_table; } | tee "$RESULTS/parse-summary.txt"
}

parse_table() {
    "$PY" - "$RESULTS" "$DATA" <<'EOF'
import json, os, sys

results, data = sys.argv[1], sys.argv[2]

def load(name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    return {r["command"]: r for r in json.load(open(path))["results"]}

def verdict(value, limit):
    return "ok" if value <= limit else "MISSED"

sizes = (10000, 100000)
runs = {n: {**load(f"parse-{n}.json"), **load(f"parse-{n}-yaml.json")} for n in sizes}
med = {n: {k: r["median"] for k, r in runs[n].items()} for n in sizes}
sd = {n: {k: r["stddev"] or 0.0 for k, r in runs[n].items()} for n in sizes}

print("parse: whole-process median seconds (± stddev)")
print(f"{'':24}" + "".join(f"{f'{n // 1000}k routes':>22}" for n in sizes))
for name in ("gwpipe check", "json.load", "PyYAML CSafeLoader", "python start-up"):
    print(f"{name:24}" + "".join(f"{med[n][name]:>13.3f} ± {sd[n][name]:.3f}" for n in sizes))
def megabytes(n):
    paths = [os.path.join(data, "routes-%d.%s" % (n, ext)) for ext in ("gwpipe", "json", "yaml")]
    return " / ".join("%.0f" % (os.path.getsize(p) / 1e6) for p in paths)
print(f"{'MB gwpipe / json / yaml':24}" + "".join(f"{megabytes(n):>22}" for n in sizes))
print()

def ratios(ref):
    raw = [med[n]["gwpipe check"] / med[n][ref] for n in sizes]
    net = []
    for n in sizes:
        body = med[n][ref] - med[n]["python start-up"]
        net.append(med[n]["gwpipe check"] / body if body > 0 else float("inf"))
    return raw, net

W = 56
print(f"{'ratio':{W}}{'10k':>8}{'100k':>8}   target")
for ref, target in (("json.load", 1.0), ("PyYAML CSafeLoader", None)):
    raw, net = ratios(ref)
    for label, vals in (("raw", raw), ("Python start-up subtracted", net)):
        mark = "   " + "  ".join(verdict(v, target) for v in vals) + f"  (≤ {target}×)" if target else ""
        print(f"{'gwpipe / ' + ref + ', ' + label:{W}}" + "".join(f"{v:>7.2f}×" for v in vals) + mark)
growth = med[100000]["gwpipe check"] / med[10000]["gwpipe check"]
json_growth = med[100000]["json.load"] / med[10000]["json.load"]
print(f"{'gwpipe 100k / 10k':{W}}{growth:>15.2f}×   {verdict(growth, 12)}  (≤ 12×)")
print(f"{'json.load 100k / 10k (for context)':{W}}{json_growth:>15.2f}×")
print()

startup = load("startup.json")
if startup is None:
    print("start-up: not measured (examples/quickstart.gwpipe missing)")
else:
    gw = startup["gwpipe check quickstart"]["median"] * 1000
    true = startup["true"]["median"] * 1000
    print(f"start-up: gwpipe check examples/quickstart.gwpipe {gw:.1f} ms, true {true:.1f} ms, "
          f"difference {gw - true:.1f} ms   {verdict(gw, 50)}  (≤ 50 ms)")
EOF
}

# --- dispatch ------------------------------------------------------------------

run_group() {
    case "$1" in
        parse) bench_parse ;;
        *) die "unknown group '$1' (groups: ${ALL_GROUPS[*]})" ;;
    esac
}

main() {
    case "${1:-}" in
        -h | --help) usage; return ;;
        --list) printf '%s\n' "${ALL_GROUPS[@]}"; return ;;
    esac
    local groups=("$@") group
    ((${#groups[@]})) || groups=("${ALL_GROUPS[@]}")
    for group in "${groups[@]}"; do
        [[ "$group" == all ]] && { main; continue; }
        run_group "$group"
    done
}

main "$@"
