#!/usr/bin/env bash
# Profiles `gwpipe serve` (release build) on the proxy benchmark's path with callgrind and prints
# the instructions it executes per request, then the functions that execute the most.
#
#   Benchmarks/proxy-callgrind.sh
#
# The set-up is `run.sh proxy`'s: a static nginx upstream answering a ~300-byte chat completion
# and a one-route `openai_compatible` gateway in front of it. Under valgrind the gateway serves a
# warm-up, then the counters are zeroed, fixed-requests.py sends a fixed number of requests (closed
# loop, keep-alive), and the counters are dumped: the total divided by the requests wrk completed is the
# cost of one request, start-up excluded. Instruction counts hardly move with the neighbours'
# load, unlike wall time, so this is the number to compare before and after a change.
#
# Environment:
#   REQUESTS=3000     requests measured (after WARMUP=500 more)
#   CONNECTIONS=16    client connections (keep-alive; more connections batch more per syscall)
#   TOP=30            functions to print
#   INCLUSIVE=1       rank by inclusive cost (self + callees) instead of self cost
#   GWPIPE_BIN=path   profile this gwpipe binary instead of building one (.build-perf)
#
# The raw profile stays in Benchmarks/data/callgrind/ for `callgrind_annotate` or kcachegrind.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT_DIR="$HERE/data/callgrind"
WORK="$HERE/data/services/proxy-callgrind"
REQUESTS=${REQUESTS:-3000}
WARMUP=${WARMUP:-500}
CONNECTIONS=${CONNECTIONS:-16}
TOP=${TOP:-30}

die() { echo "proxy-callgrind.sh: error: $*" >&2; exit 1; }
note() { echo "==> $*" >&2; }

[[ $# -eq 0 ]] || {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
}
for value in "$REQUESTS" "$WARMUP" "$CONNECTIONS" "$TOP"; do
    [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "REQUESTS, WARMUP, CONNECTIONS and TOP must be positive integers"
done
command -v nginx >/dev/null || PATH="$PATH:/usr/sbin"
for tool in valgrind callgrind_annotate callgrind_control nginx python3 cc objcopy; do
    command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install -y valgrind nginx python3 gcc binutils)"
done

if [[ -n "${GWPIPE_BIN:-}" ]]; then
    [[ -x "$GWPIPE_BIN" ]] || die "GWPIPE_BIN=$GWPIPE_BIN is not an executable"
    gwpipe=$GWPIPE_BIN
else
    note "building gwpipe (release, scratch path .build-perf)"
    (cd "$ROOT" && swift build -c release --scratch-path .build-perf --product gwpipe) \
        || die "release build of gwpipe failed"
    gwpipe="$(cd "$ROOT" && swift build -c release --scratch-path .build-perf --show-bin-path)/gwpipe"
fi

mkdir -p "$OUT_DIR" "$WORK/logs" "$WORK/tmp"
# Valgrind 3.19 reads neither the DWARF 5 the toolchain writes nor libdispatch's parked main thread:
# profile a copy without debug info (the symbol table stays, so functions keep their names) and
# preload a sigsuspend that hands the kernel a copy of the mask (see valgrind-sigsuspend.c).
objcopy --strip-debug "$gwpipe" "$WORK/gwpipe" || die "objcopy --strip-debug $gwpipe failed"
cc -shared -fPIC -O2 -o "$WORK/sigsuspend.so" "$HERE/valgrind-sigsuspend.c" || die "cannot build the sigsuspend shim"
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

read -r upstream gateway admin < <(python3 - <<'EOF'
import socket
sockets = [socket.socket() for _ in range(3)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
EOF
)

wait_for_port() {  # wait_for_port PORT LOG SECONDS
    local port=$1 log=$2 tries=$(($3 * 10)) try
    for ((try = 0; try < tries; try++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return; fi
        sleep 0.1
    done
    tail -n 20 "$log" >&2 || true
    die "nothing listens on 127.0.0.1:$port after $3 s (log: $log)"
}

# The same answer and request as run.sh's proxy group.
UPSTREAM_BODY='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the static benchmark upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":8,"total_tokens":17}}'
REQUEST_BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}'

cat >"$WORK/nginx.conf" <<EOF
# Written by Benchmarks/proxy-callgrind.sh: the static upstream only.
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $WORK/tmp/body;
    proxy_temp_path $WORK/tmp/proxy;
    fastcgi_temp_path $WORK/tmp/fastcgi;
    uwsgi_temp_path $WORK/tmp/uwsgi;
    scgi_temp_path $WORK/tmp/scgi;
    server {
        listen 127.0.0.1:$upstream;
        default_type application/json;
        location / { return 200 '$UPSTREAM_BODY'; }
    }
}
EOF
cat >"$WORK/proxy.gwpipe" <<EOF
# Written by Benchmarks/proxy-callgrind.sh: run.sh's one pass-through route.
gateway "bench-callgrind"

provider upstream {
  kind = openai_compatible
  url  = "http://127.0.0.1:$upstream"
}

route chat {
  match POST "/v1/chat/completions"
  else -> upstream
}

environment bench {
  listen = "127.0.0.1:$gateway"
}
EOF
nginx -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' >"$WORK/logs/nginx.log" 2>&1 &
PIDS+=($!)
wait_for_port "$upstream" "$WORK/logs/error.log" 10

# A fresh state folder: serve would resume an earlier run's revision, with an earlier upstream port.
rm -rf "$WORK/state"
profile="$OUT_DIR/callgrind.out.serve.$(date +%Y%m%d-%H%M%S)"
note "valgrind --tool=callgrind: gwpipe serve (expect ~50x slower than native)"
LD_PRELOAD="$WORK/sigsuspend.so" valgrind --tool=callgrind --callgrind-out-file="$profile" \
    --log-file="$profile.valgrind.log" "$WORK/gwpipe" serve "$WORK/proxy.gwpipe" --env bench \
    --admin "127.0.0.1:$admin" --state-dir "$WORK/state" >"$WORK/logs/serve.log" 2>&1 &
serve_pid=$!
PIDS+=($serve_pid)
wait_for_port "$gateway" "$WORK/logs/serve.log" 120

url="http://127.0.0.1:$gateway/v1/chat/completions"
run_fixed() {  # run_fixed COUNT OUT: exactly COUNT requests, closed loop
    python3 "$HERE/fixed-requests.py" "$url" "$1" "$CONNECTIONS" "$REQUEST_BODY" >"$2" 2>&1 \
        || { cat "$2" >&2; die "the gateway did not answer every request with a 2xx"; }
}
note "warm-up: $WARMUP requests"
run_fixed "$WARMUP" "$WORK/warmup.txt"
callgrind_control --zero "$serve_pid" >/dev/null
note "measuring: $REQUESTS requests, $CONNECTIONS connections"
run_fixed "$REQUESTS" "$WORK/measured.txt"
callgrind_control --dump=measured "$serve_pid" >/dev/null
completed=$(awk '/^completed/ { print $2 }' "$WORK/measured.txt")
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true

# The dump asked for above (the one at exit is another file, and holds only the shutdown).
dump=$(grep -l '^desc: Trigger: dump measured' "$profile".* 2>/dev/null | head -n 1 || true)
[[ -n "$dump" && -s "$dump" ]] || { ls "$OUT_DIR" >&2; die "no dump of the measured requests"; }
total=$(awk '/^summary:/ { print $2 }' "$dump")
[[ -n "$total" ]] || total=$(awk '/^totals:/ { print $2 }' "$dump")

demangle() {
    if command -v swift >/dev/null && swift demangle --simplified </dev/null >/dev/null 2>&1; then
        swift demangle --simplified
    else
        cat
    fi
}
inclusive=no
[[ "${INCLUSIVE:-}" == 1 ]] && inclusive=yes

echo "profile:   $dump"
echo "requests:  $completed completed ($CONNECTIONS keep-alive connections), after $WARMUP warm-up"
echo "total Ir:  $total"
# Once a second each series compacts its live second (SecondRing.roll). Natively that is spread over
# thousands of requests; under valgrind over a few hundred, so it is shown apart: the per-request
# number without it is the one to compare between builds.
roll=$(callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$dump" | demangle \
    | awk '/SecondRing\.roll\(to:\) \[/ && !found { gsub(",", "", $1); print $1; found = 1 }')
roll=${roll:-0}
echo "Ir/request: $((total / completed)) ($(((total - roll) / completed)) without the once-a-second compaction," \
    "which took $roll Ir)"
echo "ranking: $( [[ $inclusive == yes ]] && echo inclusive || echo self ) instructions (Ir), top $TOP"
callgrind_annotate --auto=no --inclusive="$inclusive" --threshold=100 "$dump" \
    | awk -v top="$TOP" '
        /PROGRAM TOTALS/ { print; print ""; next }
        /file:function/ { table = 1; print; next }
        table == 1 && /^-+$/ { table = 2; next }
        table == 2 && NF && rows < top { print; rows++ }  # reads to the end: no SIGPIPE under pipefail
    ' \
    | demangle
