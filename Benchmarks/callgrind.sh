#!/usr/bin/env bash
# Profiles `gwpipe check FILE` (release build) with callgrind and prints the
# functions that execute the most instructions.
#
#   Benchmarks/callgrind.sh FILE      e.g. Benchmarks/data/routes-10000.gwpipe
#                                     (Benchmarks/run.sh parse generates it)
# Environment:
#   TOP=25          how many functions to print
#   INCLUSIVE=1     rank by inclusive cost (self + callees) instead of self cost
#   GWPIPE_BIN=path use this gwpipe binary instead of building one
#
# The raw profile stays in Benchmarks/data/callgrind/ for kcachegrind or
# `callgrind_annotate --inclusive=yes --tree=caller FILE`.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT_DIR="$HERE/data/callgrind"
TOP=${TOP:-25}

die() { echo "callgrind.sh: error: $*" >&2; exit 1; }
note() { echo "==> $*" >&2; }

[[ $# -eq 1 && "$1" != -* ]] || {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
}
file=$1
[[ -r "$file" ]] || die "cannot read $file"
[[ "$TOP" =~ ^[1-9][0-9]*$ ]] || die "TOP must be a positive integer, not '$TOP'"
for tool in valgrind callgrind_annotate; do
    command -v "$tool" >/dev/null || die "$tool is not installed; install it with: apt-get install -y valgrind"
done

if [[ -n "${GWPIPE_BIN:-}" ]]; then
    [[ -x "$GWPIPE_BIN" ]] || die "GWPIPE_BIN=$GWPIPE_BIN is not an executable"
    gwpipe=$GWPIPE_BIN
else
    note "building gwpipe (release, scratch path .build-bench)"
    (cd "$ROOT" && swift build -c release --scratch-path .build-bench --product gwpipe) \
        || die "release build of gwpipe failed"
    gwpipe="$(cd "$ROOT" && swift build -c release --scratch-path .build-bench --show-bin-path)/gwpipe"
fi

mkdir -p "$OUT_DIR"
profile="$OUT_DIR/callgrind.out.$(basename "$file" .gwpipe).$(date +%Y%m%d-%H%M%S)"
note "valgrind --tool=callgrind: gwpipe check $file (expect ~50x slower than native)"
status=0
valgrind --tool=callgrind --callgrind-out-file="$profile" --log-file="$profile.valgrind.log" \
    "$gwpipe" check "$file" >"$profile.stdout" 2>"$profile.stderr" || status=$?
[[ -s "$profile" ]] || { cat "$profile.valgrind.log" >&2; die "valgrind wrote no profile"; }
if ((status != 0)); then
    head -n 20 "$profile.stderr" >&2
    note "warning: gwpipe check exited $status; the profile includes the error path"
fi

inclusive=no
[[ "${INCLUSIVE:-}" == 1 ]] && inclusive=yes

# Swift symbols stay mangled in callgrind output; demangle when the toolchain can.
demangle() {
    if command -v swift >/dev/null && swift demangle --simplified </dev/null >/dev/null 2>&1; then
        swift demangle --simplified
    else
        cat
    fi
}

echo "profile: $profile"
echo "ranking: $( [[ $inclusive == yes ]] && echo inclusive || echo self ) instructions (Ir), top $TOP"
# --threshold=100 lists every function; the awk keeps the totals line and the
# first TOP rows of the function table.
callgrind_annotate --auto=no --inclusive="$inclusive" --threshold=100 "$profile" \
    | awk -v top="$TOP" '
        /PROGRAM TOTALS/ { print; print ""; next }
        /file:function/ { table = 1; print; next }
        table == 1 && /^-+$/ { table = 2; next }
        table == 2 && NF { print; if (++rows >= top) exit }
    ' \
    | demangle
