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
#   BENCH_SECONDS=10             seconds of load per measurement in proxy / latency / sse
#   BENCH_RATE=500               fixed arrival rate (rps) of the latency group
#   BENCH_SSE_RATE=200           fixed arrival rate (rps) of the sse group
#   BENCH_ROUNDS=3               rounds of direct / nginx / gwpipe in the latency and sse groups
#                                (proxy: default 5)
#                                (proxy-ab: rounds of A and B, default 6)
#   GWPIPE_BIN_B=path            proxy-ab only: the binary compared with GWPIPE_BIN (A)
#
#   Benchmarks/run.sh proxy-ab   two gwpipe binaries through the proxy set-up, alternating
#                                (not in the default set: it needs GWPIPE_BIN_B)
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

ALL_GROUPS=(parse proxy latency sse abort parallel)

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

    local quickstart="$ROOT/examples/quickstart/gateway.gwpipe"
    rm -f "$RESULTS/startup.json"
    if [[ -f "$quickstart" ]]; then
        preflight_check "$quickstart"
        note "parse: binary start-up"
        hyperfine_run "$RESULTS/startup.json" "$WARMUP" "$RUNS" \
            -n "gwpipe check quickstart" "$(q "$GWPIPE") check $(q "$quickstart")" \
            -n "true" "true"
    else
        note "examples/quickstart/gateway.gwpipe does not exist yet; start-up not measured"
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
    print("start-up: not measured (examples/quickstart/gateway.gwpipe missing)")
else:
    gw = startup["gwpipe check quickstart"]["median"] * 1000
    true = startup["true"]["median"] * 1000
    print(f"start-up: gwpipe check examples/quickstart/gateway.gwpipe {gw:.1f} ms, true {true:.1f} ms, "
          f"difference {gw - true:.1f} ms   {verdict(gw, 50)}  (≤ 50 ms)")
EOF
}

# --- services for proxy / latency / sse ----------------------------------------
# Every process started here is remembered by pid and stopped on exit, whatever
# way the script ends.

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
ROUNDS_PER_GROUP=${BENCH_ROUNDS:-3}
[[ "$ROUNDS_PER_GROUP" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: error: BENCH_ROUNDS must be a positive integer" >&2; exit 1; }
# The proxy group's rounds are short (3 × 10 s) and its ratio swings by ±15% between them: 5 by default.
PROXY_ROUNDS=${BENCH_ROUNDS:-5}
SERVICES="$DATA/services"
STARTED_PIDS=()

stop_services() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    STARTED_PIDS=()
}
trap stop_services EXIT

# start_service LOG command...: runs it in the background, logging to LOG.
start_service() {
    local log=$1
    shift
    "$@" >"$log" 2>&1 &
    STARTED_PIDS+=($!)
}

# wait_for_port PORT LOG: until something accepts on 127.0.0.1:PORT (10 s at most).
wait_for_port() {
    local port=$1 log=$2 try
    for try in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return; fi
        sleep 0.1
    done
    tail -n 20 "$log" >&2 || true
    die "nothing listens on 127.0.0.1:$port after 10 s (log: $log)"
}

# free_ports N: N loopback ports nothing listens on right now.
free_ports() {
    "$PY" - "$1" <<'EOF'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
EOF
}

require_wrk() {
    command -v wrk >/dev/null || die "wrk is not installed; install it with: apt-get install -y wrk"
}

require_curl() {
    command -v curl >/dev/null || die "curl is not installed; install it with: apt-get install -y curl"
}

require_nginx() {
    command -v nginx >/dev/null || PATH="$PATH:/usr/sbin"
    command -v nginx >/dev/null || die "nginx is not installed; install it with: apt-get install -y nginx"
}

# The static answer of the upstream: what a chat completion looks like, ~400 bytes.
UPSTREAM_BODY='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the static benchmark upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":8,"total_tokens":17}}'
REQUEST_BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}'

# nginx_preamble DIR: the start of an nginx.conf whose pid, logs and temp files stay under DIR,
# up to and including the opening of its http block (workers = cores, no access log, keep-alive
# connections that last the whole run).
nginx_preamble() {
    local dir=$1
    cat <<EOF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
EOF
}

# start_nginx UPSTREAM_PORT PROXY_PORT: two nginx processes (workers = cores each): one serving the
# static JSON on UPSTREAM_PORT, and the reference proxy on PROXY_PORT, proxy_pass-ing to it over
# keep-alive connections. The proxy is a process of its own, as gwpipe is: one nginx serving both
# would answer its own upstream requests in the same event loop, without the wake-up of another
# process that every request through a separate proxy costs (~7% more requests/s on this machine).
start_nginx() {
    local upstream=$1 proxy=$2 dir="$SERVICES/nginx" proxy_dir="$SERVICES/nginx-proxy-static"
    mkdir -p "$dir/logs" "$dir/tmp" "$proxy_dir/logs" "$proxy_dir/tmp"
    cat >"$dir/nginx.conf" <<EOF
# Written by Benchmarks/run.sh: the static upstream.
$(nginx_preamble "$dir")
    server {
        listen 127.0.0.1:$upstream;
        default_type application/json;
        location / { return 200 '$UPSTREAM_BODY'; }
    }
}
EOF
    cat >"$proxy_dir/nginx.conf" <<EOF
# Written by Benchmarks/run.sh: the nginx proxy reference in front of the static upstream.
$(nginx_preamble "$proxy_dir")
    upstream static_upstream {
        server 127.0.0.1:$upstream;
        keepalive 128;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$proxy;
        location / {
            proxy_pass http://static_upstream;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
    start_service "$dir/logs/stdout.log" nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;'
    start_service "$proxy_dir/logs/stdout.log" nginx -p "$proxy_dir" -c "$proxy_dir/nginx.conf" -g 'daemon off;'
    wait_for_port "$upstream" "$dir/logs/error.log"
    wait_for_port "$proxy" "$proxy_dir/logs/error.log"
}

# start_gateway NAME UPSTREAM_URL LISTEN_PORT [ADMIN_PORT [BINARY]]: `gwpipe serve` (of BINARY,
# default $GWPIPE) of a one-route gateway whose only provider is UPSTREAM_URL (openai_compatible),
# listening on LISTEN_PORT, its admin API on ADMIN_PORT (default: serve's, LISTEN_PORT + 1).
start_gateway() {
    local name=$1 url=$2 port=$3 admin=${4:-} binary=${5:-$GWPIPE} file="$SERVICES/$1.gwpipe"
    cat >"$file" <<EOF
# Written by Benchmarks/run.sh: one pass-through route to the benchmark upstream.
gateway "bench-$name"

provider upstream {
  kind = openai_compatible
  url  = "$url"
}

route chat {
  match POST "/v1/chat/completions"
  else -> upstream
}

environment bench {
  listen = "127.0.0.1:$port"
}
EOF
    preflight_check "$file"
    # A fresh state folder: serve resumes the revision it last promoted, whose upstream port is
    # an earlier run's.
    rm -rf "$SERVICES/$name-state"
    local args=(serve "$file" --env bench --state-dir "$SERVICES/$name-state")
    [[ -z "$admin" ]] || args+=(--admin "127.0.0.1:$admin")
    start_service "$SERVICES/$name.log" "$binary" "${args[@]}"
    wait_for_port "$port" "$SERVICES/$name.log"
}

# start_mock PORT LOG args...: `gwpipe mock` on PORT.
start_mock() {
    local port=$1 log=$2
    shift 2
    start_service "$log" "$GWPIPE" mock --port "$port" "$@"
    wait_for_port "$port" "$log"
}

service_header() {
    echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine:  $(uname -srm), $(nproc) cores," \
        "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
    echo "commit:   $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'none')"
    echo "tools:    $(swift --version 2>/dev/null | head -n 1 || true); $(nginx -v 2>&1 || true);" \
        "$(wrk --version 2>&1 | head -n 1 || true)"
    echo "command:  Benchmarks/run.sh $*  (BENCH_SECONDS=$SECONDS_PER_RUN)"
}

# --- group: proxy --------------------------------------------------------------
# Throughput of a small JSON POST over keep-alive, wrk -t2 -c64: straight to a static nginx
# upstream, through nginx proxy_pass (upstream keepalive), and through gwpipe serve, in BENCH_ROUNDS
# rounds of rotated order; the verdict is the median of the rounds' gwpipe/nginx ratios.

wrk_rps() {  # wrk_rps NAME URL SECONDS: runs wrk, keeps its output, prints requests/s
    local name=$1 url=$2 seconds=$3 out="$RESULTS/proxy-$1.txt"
    wrk -t2 -c64 -d"${seconds}s" --latency -s "$SERVICES/post.lua" "$url" >"$out" 2>&1 \
        || { cat "$out" >&2; die "wrk against $url failed"; }
    if grep -q "Non-2xx" "$out"; then
        note "proxy: $name answered non-2xx statuses: $(grep 'Non-2xx' "$out")"
    fi
    awk '/^Requests\/sec:/ { print $2 }' "$out"
}

# write_post_script: the wrk script of the small JSON POST every proxy run sends.
write_post_script() {
    cat >"$SERVICES/post.lua" <<EOF
-- Written by Benchmarks/run.sh: the small JSON POST every proxy run sends.
wrk.method = "POST"
wrk.path = "/v1/chat/completions"
wrk.body = '$REQUEST_BODY'
wrk.headers["Content-Type"] = "application/json"
EOF
}

bench_proxy() {
    require_python
    require_wrk
    require_curl
    require_nginx
    require_gwpipe
    mkdir -p "$RESULTS" "$SERVICES"
    write_post_script
    local upstream proxy gateway
    read -r upstream proxy gateway < <(free_ports 3)
    start_nginx "$upstream" "$proxy"
    start_gateway proxy "http://127.0.0.1:$upstream" "$gateway"

    local direct_url="http://127.0.0.1:$upstream/v1/chat/completions"
    local nginx_url="http://127.0.0.1:$proxy/v1/chat/completions"
    local gwpipe_url="http://127.0.0.1:$gateway/v1/chat/completions"
    local check
    for check in "$direct_url" "$nginx_url" "$gwpipe_url"; do
        curl -sf -X POST -H 'content-type: application/json' -d "$REQUEST_BODY" "$check" >/dev/null \
            || die "POST $check did not answer 2xx; see $SERVICES"
    done

    note "proxy: warm-up (2 s each through nginx and gwpipe)"
    wrk_rps warmup-nginx "$nginx_url" 2 >/dev/null
    wrk_rps warmup-gwpipe "$gwpipe_url" 2 >/dev/null
    # Rounds in rotated order, judged by the median of the per-round ratios: on a shared 2-core box
    # nginx's own number moves by 20% between runs minutes apart, so one run decides nothing.
    local -A urls=([direct]=$direct_url [nginx]=$nginx_url [gwpipe]=$gwpipe_url)
    local order=(direct nginx gwpipe) results=() round path
    local -A rps=()
    for ((round = 1; round <= PROXY_ROUNDS; round++)); do
        note "proxy: round $round of $PROXY_ROUNDS: wrk -t2 -c64 -d${SECONDS_PER_RUN}s, ${order[*]}"
        for path in "${order[@]}"; do
            rps[$path]=$(wrk_rps "$path-$round" "${urls[$path]}" "$SECONDS_PER_RUN")
        done
        results+=("${rps[direct]}" "${rps[nginx]}" "${rps[gwpipe]}")
        order=("${order[@]:1}" "${order[0]}")
    done
    stop_services

    {
        service_header proxy
        echo "load:     wrk -t2 -c64 -d${SECONDS_PER_RUN}s, POST $(printf %s "$REQUEST_BODY" | wc -c) bytes," \
            "answer $(printf %s "$UPSTREAM_BODY" | wc -c) bytes, keep-alive, all on loopback;" \
            "$PROXY_ROUNDS rounds, order rotated"
        echo
        "$PY" - "${results[@]}" <<'PYEOF'
import statistics, sys
values = [float(v) for v in sys.argv[1:]]
rounds = [values[i:i + 3] for i in range(0, len(values), 3)]
print("proxy: requests/s (wrk -t2 -c64, small JSON POST)")
print(f"  {'round':>5} {'direct':>10} {'nginx':>10} {'gwpipe':>10} {'gwpipe/nginx':>13} {'nginx/direct':>13}")
for index, (direct, nginx, gwpipe) in enumerate(rounds, 1):
    print(f"  {index:>5} {direct:>10.0f} {nginx:>10.0f} {gwpipe:>10.0f} {gwpipe / nginx:>13.3f} {nginx / direct:>13.3f}")
ratios = [gwpipe / nginx for _, nginx, gwpipe in rounds]
ratio = statistics.median(ratios)
print()
print(f"  gwpipe / nginx proxy   {ratio:6.2f}×   {'ok' if ratio >= 0.8 else 'MISSED'}  (≥ 0.8×, median of {len(rounds)};"
      f" min {min(ratios):.2f}, max {max(ratios):.2f})")
print(f"  gwpipe / direct        {statistics.median(g / d for d, _, g in rounds):6.2f}×")
print(f"  nginx proxy / direct   {statistics.median(n / d for d, n, _ in rounds):6.2f}×")
PYEOF
    } | tee "$RESULTS/proxy-summary.txt"
}

# --- groups: latency and sse -------------------------------------------------
# Open-loop load (gwpipe load) at a fixed rate straight to a `gwpipe mock`, through nginx
# proxy_pass in front of it (the reference: what a C proxy adds on this machine), and through
# `gwpipe serve`. On a shared 2-core VM one 10 s run's p99 swings by milliseconds from one minute
# to the next (the direct path alone did 0.5 to 3.3 ms), so the three paths are measured in
# BENCH_ROUNDS rounds, each in a different order, and the verdict is the median over the rounds of
# what each round added to p99.

# load_json NAME URL RATE [args...]: runs gwpipe load for SECONDS_PER_RUN, keeps its JSON.
load_json() {
    local name=$1 url=$2 rate=$3
    shift 3
    "$GWPIPE" load "$url" --rate "$rate" --duration "${SECONDS_PER_RUN}s" --concurrency 64 --json "$@" \
        >"$RESULTS/$name.json" || die "gwpipe load $url failed"
}

# start_nginx_proxy UPSTREAM_PORT PROXY_PORT: nginx proxy_pass (upstream keepalive, no buffering,
# so SSE events pass as they come) in front of UPSTREAM_PORT.
start_nginx_proxy() {
    local upstream=$1 proxy=$2 dir="$SERVICES/nginx-proxy"
    mkdir -p "$dir/logs" "$dir/tmp"
    cat >"$dir/nginx.conf" <<EOF
# Written by Benchmarks/run.sh: the nginx reference of the latency and sse groups.
$(nginx_preamble "$dir")
    upstream mock_upstream {
        server 127.0.0.1:$upstream;
        keepalive 128;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$proxy;
        location / {
            proxy_pass http://mock_upstream;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
        }
    }
}
EOF
    start_service "$dir/logs/stdout.log" nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;'
    wait_for_port "$proxy" "$dir/logs/error.log"
}

# measure_rounds GROUP RATE MOCK_PORT NGINX_PORT GATEWAY_PORT [load args...]: BENCH_ROUNDS rounds of
# direct / nginx / gwpipe, rotating the order each round; writes $RESULTS/GROUP-PATH-ROUND.json.
measure_rounds() {
    local group=$1 rate=$2 mock=$3 nginx=$4 gateway=$5 round path
    shift 5
    local -A ports=([direct]=$mock [nginx]=$nginx [gwpipe]=$gateway)
    local order=(direct nginx gwpipe)
    note "$group: warm-up (2 s through nginx and through gwpipe)"
    SECONDS_PER_RUN=2 load_json "$group-warmup" "http://127.0.0.1:$nginx/v1/chat/completions" "$rate" "$@"
    SECONDS_PER_RUN=2 load_json "$group-warmup" "http://127.0.0.1:$gateway/v1/chat/completions" "$rate" "$@"
    for ((round = 1; round <= ROUNDS_PER_GROUP; round++)); do
        note "$group: round $round of $ROUNDS_PER_GROUP: ${order[*]} (gwpipe load --rate $rate --duration ${SECONDS_PER_RUN}s $*)"
        for path in "${order[@]}"; do
            load_json "$group-$path-$round" "http://127.0.0.1:${ports[$path]}/v1/chat/completions" "$rate" "$@"
        done
        order=("${order[@]:1}" "${order[0]}")
    done
}

# rounds_table TITLE FIELD TARGET_MS GROUP: per round, the percentiles of FIELD on each path and what
# nginx and gwpipe added to the direct path; then the medians over the rounds, the p99 one checked
# against TARGET_MS (- for none).
rounds_table() {
    "$PY" - "$@" "$ROUNDS_PER_GROUP" "$RESULTS" <<'EOF'
import json, statistics, sys
title, field, target, group, rounds, results = sys.argv[1:7]
rounds = int(rounds)
cols = [("p50Ms", "p50"), ("p90Ms", "p90"), ("p99Ms", "p99"), ("p999Ms", "p99.9")]
paths = [("direct", "direct"), ("nginx", "nginx proxy_pass"), ("gwpipe", "gwpipe serve")]
added = {"nginx": {key: [] for key, _ in cols}, "gwpipe": {key: [] for key, _ in cols}}
print(title)
print(f"  {'ms':24}" + "".join(f"{label:>9}" for _, label in cols) + f"{'sent':>8}{'errors':>8}{'rps':>8}")
for round in range(1, rounds + 1):
    runs = {path: json.load(open(f"{results}/{group}-{path}-{round}.json")) for path, _ in paths}
    for path, name in paths:
        run = runs[path]
        ok = sum(n for status, n in run["statuses"].items() if status.startswith("2"))
        errors = sum(run["errors"].values()) + run["completed"] - ok + run["unfinished"]
        print(f"  {f'{round}  {name}':24}" + "".join(f"{run[field][key]:>9.3f}" for key, _ in cols)
              + f"{run['sent']:>8}{errors:>8}{run['achievedRate']:>8.1f}")
    for path in ("nginx", "gwpipe"):
        for key, _ in cols:
            added[path][key].append(runs[path][field][key] - runs["direct"][field][key])
print()
print(f"  {'added, median of ' + str(rounds):24}" + "".join(f"{label:>9}" for _, label in cols))
for path, name in paths[1:]:
    print(f"  {name:24}" + "".join(f"{statistics.median(added[path][key]):>9.3f}" for key, _ in cols)
          + "   per round p99: " + " ".join(f"{v:.3f}" for v in added[path]["p99Ms"]))
gwpipe_p99 = statistics.median(added["gwpipe"]["p99Ms"])
nginx_p99 = statistics.median(added["nginx"]["p99Ms"])
print()
if target == "-":
    print(f"  added p99 (median): gwpipe {gwpipe_p99:.3f} ms, nginx {nginx_p99:.3f} ms   (context, no target)")
else:
    verdict = "ok" if gwpipe_p99 <= float(target) else "MISSED"
    print(f"  added p99 (median of {rounds}): gwpipe {gwpipe_p99:.3f} ms   {verdict}  (≤ {float(target):g} ms);"
          f" nginx proxy_pass {nginx_p99:.3f} ms")
EOF
}

bench_latency() {
    require_python
    require_nginx
    require_gwpipe
    mkdir -p "$RESULTS" "$SERVICES"
    local rate=${BENCH_RATE:-500} mock nginx gateway
    read -r mock nginx gateway < <(free_ports 3)
    start_mock "$mock" "$SERVICES/latency-mock.log" --latency 0ms
    start_nginx_proxy "$mock" "$nginx"
    start_gateway latency "http://127.0.0.1:$mock" "$gateway"
    measure_rounds latency "$rate" "$mock" "$nginx" "$gateway"
    stop_services
    {
        service_header latency
        echo "load:     gwpipe load --rate $rate --duration ${SECONDS_PER_RUN}s --concurrency 64 (open loop), small chat POST;" \
            "upstream: gwpipe mock --latency 0ms; $ROUNDS_PER_GROUP rounds"
        echo
        rounds_table "latency: from intended send time (coordinated omission corrected)" latency 1 latency
        echo
        rounds_table "service time: from the write (for comparison)" serviceTime - latency
    } | tee "$RESULTS/latency-summary.txt"
}

bench_sse() {
    require_python
    require_nginx
    require_gwpipe
    mkdir -p "$RESULTS" "$SERVICES"
    local rate=${BENCH_SSE_RATE:-200} mock nginx gateway
    read -r mock nginx gateway < <(free_ports 3)
    # 40 ms streams: the first event after 10 ms, the rest spread over the next 30 ms.
    start_mock "$mock" "$SERVICES/sse-mock.log" --latency 40ms
    start_nginx_proxy "$mock" "$nginx"
    start_gateway sse "http://127.0.0.1:$mock" "$gateway"
    measure_rounds sse "$rate" "$mock" "$nginx" "$gateway" --stream
    stop_services
    {
        service_header sse
        echo "load:     gwpipe load --stream --rate $rate --duration ${SECONDS_PER_RUN}s --concurrency 64 (open loop);" \
            "upstream: gwpipe mock --latency 40ms (first event at 10 ms, the rest — up to 67 — over the next 30 ms);" \
            "$ROUNDS_PER_GROUP rounds"
        echo
        rounds_table "sse: time to first body byte, from intended send time" timeToFirstByte 1 sse
        echo
        rounds_table "sse: whole stream, from intended send time" latency - sse
    } | tee "$RESULTS/sse-summary.txt"
}

# --- group: abort ----------------------------------------------------------------
# Time from an error spike's start to 0% canary traffic, at real time. A canary at 50% under 200 rps
# of synthetic traffic goes to a mock whose answers turn 50% errors 5 s after the canary is loaded
# (the revision goes live with the canary slot; the run's events mark that moment with "loaded at
# 0%"); `abort when error_rate > 5% for 2s` must take traffic back to stable (the rollback event).
# Goal: at most the abort window (2 s) + 1 s.

bench_abort() {
    require_gwpipe
    require_python
    local runs=${BENCH_ABORT_RUNS:-5} i
    local dir="$RESULTS/abort"
    mkdir -p "$dir"
    local common='provider steady {
  kind    = mock
  latency = 5ms..20ms
}

provider spiking {
  kind    = mock
  latency = 5ms..20ms
  errors  = 50% after 5s
}

environment production {
  listen = "127.0.0.1:0"
  admin  = embedded
}
'
    printf 'gateway "abort-bench"\n\n%s\nroute chat {\n  match POST "/v1/chat/completions"\n  limit 100000 requests / 1m by key\n  else -> steady\n}\n' \
        "$common" >"$dir/baseline.gwpipe"
    printf 'gateway "abort-bench"\n\n%s\nroute chat {\n  match POST "/v1/chat/completions"\n  limit 100000 requests / 1m by key\n  else -> spiking\n}\n\npipeline release {\n  stage production {\n    canary production {\n      traffic = synthetic 200 rps\n      step 50%% for 30s\n      abort when error_rate > 5%% for 2s\n    }\n  }\n}\n' \
        "$common" >"$dir/change.gwpipe"
    for ((i = 1; i <= runs; i++)); do
        note "abort: run $i of $runs (about 8 s each)"
        rm -f "$dir/state-$i.db"*
        "$GWPIPE" run "$dir/change.gwpipe" --baseline "$dir/baseline.gwpipe" --ephemeral-ports \
            --state "$dir/state-$i.db" --events "$dir/events-$i.jsonl" --output quiet >/dev/null 2>&1 || true
    done
    {
        machine_header
        echo "abort: error spike start → 0% canary traffic (canary 50% of 200 rps; abort when error_rate > 5% for 2s)"
        "$PY" - "$dir" "$runs" <<'PYEOF'
import json, sys, datetime
d, runs = sys.argv[1], int(sys.argv[2])
def at(event):
    return datetime.datetime.fromisoformat(event["at"].replace("Z", "+00:00")).timestamp()
print(f"{'run':>4} {'spike → 0% canary':>18} {'of which the 2 s hold':>22}")
worst = 0.0
for i in range(1, runs + 1):
    events = [json.loads(line) for line in open(f"{d}/events-{i}.jsonl")]
    loaded = next(e for e in events if e["kind"] == "step.output" and "loaded at 0%" in e.get("message", ""))
    rolled = next(e for e in events if e["kind"] == "rollback")
    took = at(rolled) - (at(loaded) + 5.0)
    worst = max(worst, took)
    print(f"{i:>4} {took:>17.2f}s {2.0:>21.1f}s")
print(f"worst: {worst:.2f} s (goal <= 2 s abort window + 1 s = 3.00 s: {'met' if worst <= 3.0 else 'MISSED'})")
print("spike start = the canary's \"loaded at 0%\" event + the mock's 5 s; 0% canary = the rollback event")
PYEOF
    } | tee "$RESULTS/abort-summary.txt"
}

# --- group: parallel -------------------------------------------------------------
# Wall time of a `parallel` stage against the sum and the max of its steps. Goal: <= max + 100 ms.

bench_parallel() {
    require_gwpipe
    require_python
    local dir="$RESULTS/parallel"
    mkdir -p "$dir"
    cat >"$dir/parallel.gwpipe" <<'GWEOF'
gateway "parallel-bench"

provider p {
  kind = mock
}

route r {
  match POST "/v1/chat/completions"
  limit 10 requests / 1s by key
  else -> p
}

pipeline bench {
  stage fan {
    parallel {
      run "sleep 1.0"
      run "sleep 1.2"
      run "sleep 0.8"
      check
      scan
    }
  }
}
GWEOF
    local i
    for i in 1 2 3; do
        rm -f "$dir/state-$i.db"*
        "$GWPIPE" run "$dir/parallel.gwpipe" --state "$dir/state-$i.db" --events "$dir/events-$i.jsonl" --output quiet >/dev/null 2>&1 || true
    done
    {
        machine_header
        echo "parallel: a stage of three run steps (1.0 s, 1.2 s, 0.8 s) plus check and scan"
        "$PY" - "$dir" <<'PYEOF'
import json, sys
d = sys.argv[1]
print(f"{'run':>4} {'sum':>7} {'max':>7} {'stage':>7} {'over max':>9}")
worst = 0.0
for i in (1, 2, 3):
    events = [json.loads(line) for line in open(f"{d}/events-{i}.jsonl")]
    steps = [e["durationSeconds"] for e in events if e["kind"] == "step.finished"]
    stage = next(e["durationSeconds"] for e in events if e["kind"] == "stage.finished")
    over = stage - max(steps)
    worst = max(worst, over)
    print(f"{i:>4} {sum(steps):>6.2f}s {max(steps):>6.2f}s {stage:>6.2f}s {over * 1000:>7.0f}ms")
print(f"worst: stage = max + {worst * 1000:.0f} ms (goal <= 100 ms: {'met' if worst <= 0.1 else 'MISSED'})")
PYEOF
    } | tee "$RESULTS/parallel-summary.txt"
}

# --- group: proxy-ab -----------------------------------------------------------
# Two gwpipe binaries on the proxy group's set-up: GWPIPE_BIN (A, or the one run.sh builds) and
# GWPIPE_BIN_B (B) serve side by side in front of one static nginx, and wrk -t2 -c64 runs through
# each in turn for BENCH_SECONDS, the order swapped every round. Prints B/A per round and the
# median: whether a change made the proxy faster, where two runs of the proxy group an hour apart
# differ by more than most changes do.

bench_proxy_ab() {
    require_python
    require_wrk
    require_curl
    require_nginx
    require_gwpipe
    local binary_b=${GWPIPE_BIN_B:-}
    [[ -n "$binary_b" && -x "$binary_b" ]] || die "proxy-ab compares two binaries: set GWPIPE_BIN_B to the second (GWPIPE_BIN is the first)"
    local rounds=${BENCH_ROUNDS:-6}
    mkdir -p "$RESULTS" "$SERVICES"
    write_post_script
    local upstream proxy gateway_a admin_a gateway_b admin_b
    read -r upstream proxy gateway_a admin_a gateway_b admin_b < <(free_ports 6)
    start_nginx "$upstream" "$proxy"
    start_gateway proxy-a "http://127.0.0.1:$upstream" "$gateway_a" "$admin_a" "$GWPIPE"
    start_gateway proxy-b "http://127.0.0.1:$upstream" "$gateway_b" "$admin_b" "$binary_b"
    local url_a="http://127.0.0.1:$gateway_a/v1/chat/completions" url_b="http://127.0.0.1:$gateway_b/v1/chat/completions"
    note "proxy-ab: warm-up (2 s each)"
    wrk_rps warmup-a "$url_a" 2 >/dev/null
    wrk_rps warmup-b "$url_b" 2 >/dev/null
    local results=() round a b
    for round in $(seq "$rounds"); do
        note "proxy-ab: round $round of $rounds"
        if ((round % 2)); then
            a=$(wrk_rps ab-a "$url_a" "$SECONDS_PER_RUN")
            b=$(wrk_rps ab-b "$url_b" "$SECONDS_PER_RUN")
        else
            b=$(wrk_rps ab-b "$url_b" "$SECONDS_PER_RUN")
            a=$(wrk_rps ab-a "$url_a" "$SECONDS_PER_RUN")
        fi
        results+=("$a" "$b")
    done
    stop_services
    {
        service_header proxy-ab
        echo "binaries: A $GWPIPE"
        echo "          B $binary_b"
        echo
        "$PY" - "${results[@]}" <<'EOF'
import statistics, sys
values = [float(v) for v in sys.argv[1:]]
pairs = list(zip(values[0::2], values[1::2]))
print("proxy-ab: requests/s (wrk -t2 -c64, small JSON POST), A and B alternating")
print(f"  {'round':>5} {'A':>10} {'B':>10} {'B/A':>7}")
for index, (a, b) in enumerate(pairs, 1):
    print(f"  {index:>5} {a:>10.0f} {b:>10.0f} {b / a:>7.3f}")
ratios = [b / a for a, b in pairs]
print()
print(f"  B/A median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})")
EOF
    } | tee "$RESULTS/proxy-ab-summary.txt"
}

# --- dispatch ------------------------------------------------------------------

run_group() {
    case "$1" in
        parse) bench_parse ;;
        proxy) bench_proxy ;;
        proxy-ab) bench_proxy_ab ;;
        latency) bench_latency ;;
        sse) bench_sse ;;
        abort) bench_abort ;;
        parallel) bench_parallel ;;
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
