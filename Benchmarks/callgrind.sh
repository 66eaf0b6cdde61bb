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
for tool in objcopy cc; do
    command -v "$tool" >/dev/null || die "$tool is not installed; install it with: apt-get install -y binutils gcc"
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
# Valgrind 3.19 cannot read the DWARF 5 the toolchain writes and gives up before running anything;
# a copy without debug sections keeps the symbol table, which is all the function ranking needs.
stripped="$OUT_DIR/gwpipe.nodebug"
objcopy --strip-debug "$gwpipe" "$stripped" || die "objcopy --strip-debug $gwpipe failed"
gwpipe=$stripped
# It also crashes in its own rt_sigsuspend wrapper on the signal mask libdispatch parks the main
# thread with at exit (a static in libdispatch's data), before the profile is written. A preloaded
# sigsuspend that passes the kernel a copy of the mask makes the same system call.
shim="$OUT_DIR/sigsuspend-copy.so"
cc -shared -fPIC -O2 -o "$shim" -x c - <<'EOF' || die "cannot build the sigsuspend shim"
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, _NSIG / 8);
}
EOF
profile="$OUT_DIR/callgrind.out.$(basename "$file" .gwpipe).$(date +%Y%m%d-%H%M%S)"
note "valgrind --tool=callgrind: gwpipe check $file (expect ~50x slower than native)"
status=0
LD_PRELOAD="$shim" valgrind --tool=callgrind --callgrind-out-file="$profile" --log-file="$profile.valgrind.log" \
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
