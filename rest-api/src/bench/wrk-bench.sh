#!/usr/bin/env bash
# Benchmarks the packaged rest-api on loopback only (127.0.0.1): POST /dsn/classify with the example bounces
# and GET /q/health/live (the HTTP stack's ceiling) at 1, 16 and 64 connections, then /dsn/classify/batch
# (NDJSON) on a generated mbox, plus start-up time to the first classify answer and RSS after start.
# Bounded: every wrk run lasts DURATION; the server is stopped on exit.
#
#   ./mvnw -B package -DskipTests && rest-api/src/bench/wrk-bench.sh
#
# Warm-up: classify and health in turn, WARMUP each, repeated until a round leaves the C2 compiler under 2 % of the
# server's CPU (at most MAX_WARMUP rounds): with a fixed 10 s the compiler was still at work in the measured runs
# (C2 over half of a classify run's server CPU on a loaded machine, and the first run after a switch of endpoint
# recompiling shared Netty/Vert.x code), which moved the ratios by 15 points between runs (docs/benchmarks.md, route7).
# The C2 column gives the compiler's CPU time during each measured run.
#
# Environment: DURATION (10s), WARMUP (5s per endpoint and round), MAX_WARMUP (12 rounds), PORT (18080),
# BATCH_COPIES (1000 copies of each example), BATCH_WARMUP (5 unmeasured batch posts first),
# JAVA_OPTS (extra JVM options, e.g. -Xmx256m). Needs wrk (Debian: apt-get install wrk), curl, python3.
set -euo pipefail
cd "$(dirname "$0")/../../.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
MAX_WARMUP=${MAX_WARMUP:-12}
PORT=${PORT:-18080}
BATCH_COPIES=${BATCH_COPIES:-1000}
BATCH_WARMUP=${BATCH_WARMUP:-5}
JAR=rest-api/target/quarkus-app/quarkus-run.jar
BASE=http://127.0.0.1:$PORT
BENCH=rest-api/src/bench
EXAMPLES=(examples/bounces/*.eml)
WORK=$(mktemp -d)

# shellcheck source=lib.sh
source rest-api/src/bench/lib.sh
require_jar "$JAR"
require_wrk
require_free_port "$BASE"

start_ns=$(date +%s%N)
start_server "$JAR" "$PORT"

# Start-up: time from launching the JVM to the first 200 from POST /dsn/classify (polled every 10 ms, max 60 s).
for _ in $(seq 6000); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: message/rfc822' \
    --data-binary "@${EXAMPLES[0]}" "$BASE/dsn/classify" || true)
  [[ $code == 200 ]] && break
  kill -0 "$PID" 2> /dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.01
done
[[ $code == 200 ]] || { echo "no 200 from /dsn/classify within 60 s" >&2; exit 1; }
first_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
sleep 1
rss_start_mb=$(( $(awk '/VmRSS/ {print $2}' "/proc/$PID/status") / 1024 ))
started_in=$(grep -o 'started in [0-9.]*s' "$WORK/server.log" | head -1 || true)

# CPU time in ms of the whole server and of its C2 compiler threads (lib.sh).
server_ms() { process_ms "$PID"; }
c2_ms() { threads_ms "$PID" C2; }

run() { # name threads connections script [args]
  local name=$1 t=$2 c=$3 script=$4; shift 4
  local line c0
  c0=$(c2_ms)
  line=$(wrk -t"$t" -c"$c" -d"$DURATION" -s "$BENCH/$script" "$BASE" ${1:+--} "$@" | grep '^RESULT')
  read -r _ rps p50 p99 non2xx sockerr <<< "$line"
  printf '| %-22s | %4s | %9s | %8s | %8s | %7s | %8s | %6s |\n' "$name" "$c" "$rps" "$p50" "$p99" "$non2xx" "$sockerr" \
    "$(( $(c2_ms) - c0 ))"
  echo "$name $c $rps" >> "$WORK/rps"
}

for round in $(seq "$MAX_WARMUP"); do
  s0=$(server_ms); c0=$(c2_ms)
  wrk -t2 -c16 -d"$WARMUP" -s "$BENCH/classify.lua" "$BASE" -- "${EXAMPLES[@]}" > /dev/null
  wrk -t2 -c16 -d"$WARMUP" -s "$BENCH/health.lua" "$BASE" > /dev/null
  s1=$(server_ms); c1=$(c2_ms)
  if (( round >= 2 && (c1 - c0) * 50 < s1 - s0 )); then break; fi
done
echo "warm-up: $round rounds of $WARMUP classify + $WARMUP health at 16 connections; C2 in the last: $((c1 - c0)) of $((s1 - s0)) ms server CPU"

echo
echo "| endpoint               | conn |     req/s | p50 (ms) | p99 (ms) | non-2xx | sock err | C2 ms |"
echo "| ---------------------- | ---- | --------- | -------- | -------- | ------- | -------- | ----- |"
for c in 1 16 64; do
  t=$(( c < 2 ? 1 : 2 ))
  run "GET /q/health/live" "$t" "$c" health.lua
  run "POST /dsn/classify" "$t" "$c" classify.lua "${EXAMPLES[@]}"
done
echo
for c in 1 16 64; do
  h=$(awk -v c="$c" '$1 == "GET" && $3 == c {print $4}' "$WORK/rps")
  k=$(awk -v c="$c" '$1 == "POST" && $3 == c {print $4}' "$WORK/rps")
  awk -v c="$c" -v h="$h" -v k="$k" 'BEGIN {printf "classify / health at %2d connections: %.0f%%\n", c, 100 * k / h}'
done

# Batch: an mboxrd of BATCH_COPIES copies of every example, POSTed BATCH_WARMUP + 3 times, NDJSON streamed back.
# A quick look only: 3,000 messages are too few to amortise the JIT; batch-bench.sh measures the batch against
# its baseline (30,900 messages, adaptive warm-up, CPU per thread group, in-process analysis rate).
write_mboxrd "$WORK/batch.mbox" "$BATCH_COPIES" "${EXAMPLES[@]}"
messages=$(( BATCH_COPIES * ${#EXAMPLES[@]} ))
mb=$(( $(stat -c %s "$WORK/batch.mbox") / 1024 / 1024 ))
post_batch() {
  curl -s -H 'Content-Type: application/mbox' -H 'Accept: application/x-ndjson' \
    --data-binary "@$WORK/batch.mbox" "$BASE/dsn/classify/batch"
}
echo
echo "batch: $messages messages, $mb MiB, Accept: application/x-ndjson; $BATCH_WARMUP warm-up posts, then 3 measured"
# The batch path (mbox reader, NDJSON writer) is warmed like the others: JMH's rate is a warmed rate too.
for _ in $(seq "$BATCH_WARMUP"); do post_batch > /dev/null; done
for i in 1 2 3; do
  c0=$(server_ms)
  t0=$(date +%s%N)
  lines=$(post_batch | grep -c '"report"')
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  cpu_ms=$(( $(server_ms) - c0 ))
  awk -v n="$lines" -v ms="$ms" -v cpu="$cpu_ms" -v i="$i" 'BEGIN {printf "  run %d: %d reports in %d ms = %.0f msgs/s; server CPU %d ms = %.0f msgs per CPU-second\n", i, n, ms, n * 1000 / ms, cpu, n * 1000 / cpu}'
done

rss_end_mb=$(( $(awk '/VmRSS/ {print $2}' "/proc/$PID/status") / 1024 ))
echo
echo "start-up to first classify answer: $first_ms ms (Quarkus: $started_in)"
echo "RSS 1 s after the first answer: $rss_start_mb MiB; after the benchmark: $rss_end_mb MiB"
echo "machine: $(nproc) cores, load average before exit: $(cut -d' ' -f1-3 /proc/loadavg); java: $(java -version 2>&1 | head -1)"
