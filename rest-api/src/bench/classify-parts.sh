#!/usr/bin/env bash
# What a POST /dsn/classify request costs the server besides the analysis: the server's CPU time and the heap it
# allocates per request, for four loads of one warmed server (loopback only, 127.0.0.1, wrk at 16 connections):
#   health    GET /q/health/live (the HTTP stack's floor)
#   refused   POST /dsn/classify, a 2.8 KB body that is not a message: the event-loop route reads the body, answers
#             422 problem+json, records the metrics; no analysis
#   tiny      POST /dsn/classify, a 4-line message that is not a bounce: the whole classify path with an analysis
#             of ~2 us and a 600-byte answer
#   examples  POST /dsn/classify, the three examples/bounces in turn (what wrk-bench.sh and request-cpu.sh send)
# CPU is the server process's (every thread; /proc/<pid>/stat), allocation is Micrometer's
# jvm_gc_memory_allocated_bytes_total (updated at each GC: a few hundred thousand requests are needed to see it move
# smoothly). Warm-up: rounds of classify + health until the C2 compiler is under 2 % of the server's CPU.
# Bounded: at most MAX_WARMUP x 10 s + ROUNDS x 4 x DURATION of load; the server is stopped on exit.
#
#   ./mvnw -B package -DskipTests && rest-api/src/bench/classify-parts.sh
#
# Environment: PORT (18084), DURATION (5s), ROUNDS (3), MAX_WARMUP (12), JAR (another build's quarkus-run.jar),
# JAVA_OPTS. Needs wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/../../.."

PORT=${PORT:-18084}
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
MAX_WARMUP=${MAX_WARMUP:-12}
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
# A body whose first line is not a header field (docs/rest-api.md, "not a message"): 422 before any parsing.
for _ in $(seq 40); do printf 'this line is not a header field\n%070d\n' 0; done | head -c 2800 > "$WORK/refused.eml"
printf 'From: a@example.org\nTo: b@example.org\nSubject: hello\n\nJust a short note, not a bounce.\n' > "$WORK/tiny.eml"

start_server "$JAR" "$PORT"
await_live "$BASE"

server_ms() { process_ms "$PID"; }
c2_ms() { threads_ms "$PID" C2; }
allocated() { curl -s "$BASE/q/metrics" | awk '/^jvm_gc_memory_allocated_bytes_total/ {printf "%.0f\n", $2}'; }
load() { # what duration
  case $1 in
    health) wrk -t2 -c16 -d"$2" -s "$BENCH/health.lua" "$BASE/q/health/live" ;;
    refused) wrk -t2 -c16 -d"$2" -s "$BENCH/classify.lua" "$BASE" -- "$WORK/refused.eml" ;;
    tiny) wrk -t2 -c16 -d"$2" -s "$BENCH/classify.lua" "$BASE" -- "$WORK/tiny.eml" ;;
    examples) wrk -t2 -c16 -d"$2" -s "$BENCH/classify.lua" "$BASE" -- "${EXAMPLES[@]}" ;;
  esac
}

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for warm in $(seq "$MAX_WARMUP"); do
  s0=$(server_ms); k0=$(c2_ms)
  for what in examples tiny refused health; do load "$what" 2s > /dev/null; done
  if (( warm >= 3 && ($(c2_ms) - k0) * 50 < $(server_ms) - s0 )); then break; fi
done
echo "warm-up: $warm rounds; C2 in the last: $(( $(c2_ms) - k0 )) of $(( $(server_ms) - s0 )) ms"
for round in $(seq "$ROUNDS"); do
  for what in health refused tiny examples; do
    s0=$(server_ms); k0=$(c2_ms); a0=$(allocated)
    out=$(load "$what" "$DURATION")
    s1=$(server_ms); k1=$(c2_ms); a1=$(allocated)
    n=$(echo "$out" | grep -oE '^ *[0-9]+ requests' | awk '{print $1}')
    awk -v w="$what" -v r="$round" -v n="$n" -v c=$((s1 - s0)) -v k=$((k1 - k0)) -v a=$((a1 - a0)) \
      -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {printf "%-8s round %d: %7d requests, %6.1f us server CPU and %5.1f KB allocated per request (C2 %.1f us; load %s)\n", w, r, n, c * 1000 / n, a / n / 1024, k * 1000 / n, l}'
  done
done
