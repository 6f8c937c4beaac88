#!/usr/bin/env bash
# Server CPU per request of POST /dsn/classify (the three examples/bounces in turn) next to GET /q/health/live:
# starts the packaged jar on 127.0.0.1 (loopback only), warms up (10 s classify + 5 s health, repeated until a round
# leaves the C2 compiler under 2 % of the server's CPU, at most MAX_WARMUP rounds), then runs wrk at
# 16 connections for DURATION per endpoint, ROUNDS times, and prints the server process's CPU time (utime + stime of
# every thread, /proc/<pid>/stat) divided by the requests wrk completed. On a shared machine this moves far less with
# the load than requests/s does; when both endpoints are CPU-bound, classify's share of health's requests/s is about
# health's CPU per request / classify's. The C2 compiler's share of each round is printed: a round in which it is
# not near 0 measured the JIT, not the service. Bounded: at most MAX_WARMUP x 15 s + 2 x ROUNDS x DURATION of load;
# the server is stopped on exit.
#
#   ./mvnw -B package -DskipTests && rest-api/src/bench/request-cpu.sh
#
# Environment: PORT (18083), DURATION (6s), ROUNDS (2), MAX_WARMUP (8), JAR (another build's quarkus-run.jar),
# JAVA_OPTS. Needs wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/../../.."

PORT=${PORT:-18083}
DURATION=${DURATION:-6s}
ROUNDS=${ROUNDS:-2}
MAX_WARMUP=${MAX_WARMUP:-8}
JAR=${JAR:-rest-api/target/quarkus-app/quarkus-run.jar}
BENCH=rest-api/src/bench
BASE=http://127.0.0.1:$PORT
EXAMPLES=(examples/bounces/*.eml)

# shellcheck source=lib.sh
source rest-api/src/bench/lib.sh
require_jar "$JAR"
require_wrk
require_free_port "$BASE"

WORK=$(mktemp -d)
start_server "$JAR" "$PORT"
await_live "$BASE"

server_ms() { process_ms "$PID"; }
c2_ms() { threads_ms "$PID" C2; }
classify() { wrk -t2 -c16 -d"$1" -s "$BENCH/classify.lua" "$BASE" -- "${EXAMPLES[@]}"; }
health() { wrk -t2 -c16 -d"$1" -s "$BENCH/health.lua" "$BASE/q/health/live"; }

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for warm in $(seq "$MAX_WARMUP"); do
  t0=$(server_ms); k0=$(c2_ms)
  classify 10s > /dev/null
  health 5s > /dev/null
  if (( warm >= 2 && ($(c2_ms) - k0) * 50 < $(server_ms) - t0 )); then break; fi
done
echo "warm-up: $warm rounds; C2 in the last: $(( $(c2_ms) - k0 )) of $(( $(server_ms) - t0 )) ms"
for round in $(seq "$ROUNDS"); do
  for what in classify health; do
    t0=$(server_ms); k0=$(c2_ms)
    out=$("$what" "$DURATION")
    cpu_ms=$(( $(server_ms) - t0 ))
    c2=$(( $(c2_ms) - k0 ))
    n=$(echo "$out" | grep -oE '^ *[0-9]+ requests' | awk '{print $1}')
    awk -v w="$what" -v r="$round" -v n="$n" -v c="$cpu_ms" -v k="$c2" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN {printf "%-8s round %d: %d requests, server CPU %d ms = %.1f us/request, C2 %.1f of it (load %s)\n", w, r, n, c, c * 1000 / n, k * 1000 / n, l}'
  done
done
