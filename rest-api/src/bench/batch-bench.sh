#!/usr/bin/env bash
# POST /dsn/classify/batch against its fair "100 %": builds an mbox of COPIES copies of every bounce the repository
# itself holds (examples/bounces and dsn-core's golden fixtures, about 100 different messages from ~40 MTA
# families), starts the packaged jar on 127.0.0.1 (loopback only), posts the mbox WARMUP times unmeasured and
# REPS times measured (NDJSON answer), and prints for each post: wall-clock msgs/s, the server process's CPU time
# (utime+stime of every thread, /proc/<pid>/stat) per message, and the CPU time per thread group. ACCEPT=summary
# asks for the summary (Accept: application/json) instead: the same split and analysis, no JSON per message. Then, unless
# BASELINE=0, runs dev.mx20.rest.dsn.BatchBaseline on the same mbox in a fresh JVM: BounceAnalyzer.analyze alone,
# one thread, thread CPU time (the analysis cost of exactly these messages), and the service path without HTTP.
# Bounded: WARMUP + REPS posts; the server is stopped on exit.
#
#   ./mvnw -B package -DskipTests && rest-api/src/bench/batch-bench.sh
#
# Environment: PORT (18082), COPIES (300: 30,900 messages, 51 MiB), WARMUP (3, the least; see MAX_WARMUP), REPS (5), BASELINE (1),
# SOURCES (directories of .eml files; default the repository's bounces), ACCEPT (ndjson, or summary), MAX_WARMUP (10), BASELINE_PASSES (10), JAR (another build's quarkus-run.jar, for a before/after), JFR (a file name: record the measured posts with JFR's profile settings), CODELIST (a file name: the JIT's code list at the end, `jcmd Compiler.codelist`: tier and size of every compiled method),
# JAVA_OPTS. Needs curl and python3.
set -euo pipefail
cd "$(dirname "$0")/../../.."

PORT=${PORT:-18082}
COPIES=${COPIES:-300}
WARMUP=${WARMUP:-3}
REPS=${REPS:-5}
JAR=${JAR:-rest-api/target/quarkus-app/quarkus-run.jar}
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)

# shellcheck source=lib.sh
source rest-api/src/bench/lib.sh
require_jar "$JAR"
require_free_port "$BASE"

# The mboxrd (lib.sh's write_mboxrd) of every .eml file in SOURCES.
# SOURCES: the directories whose .eml files make the mbox (default: the repository's own bounces; pass the shared
# corpus directory to compare with dsn-core's JMH figure, which reads the same files).
SOURCES=${SOURCES:-examples/bounces dsn-core/src/test/resources/fixtures/*}
mapfile -t EML < <(eml_files $SOURCES)
write_mboxrd "$WORK/batch.mbox" "$COPIES" "${EML[@]}"
files=${#EML[@]}
messages=$(( COPIES * files ))
mb=$(( $(stat -c %s "$WORK/batch.mbox") / 1024 / 1024 ))

start_server "$JAR" "$PORT"
await_live "$BASE"

set_batch_accept
# CPU ticks of the server, and per thread group (lib.sh).
cpu_ticks() { stat_ticks "/proc/$PID/stat"; }
snapshot() { thread_groups "$PID"; }
echo "batch: $messages messages ($COPIES copies of $files bounces), $mb MiB; $WARMUP warm-up posts, $REPS measured; Accept: $accept"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
# JIT compiler CPU ticks (C1 and C2 threads).
tick_ms=$TICK_MS
jit_ticks() { sed -n 's/.*Compiler[^)]*) //p' /proc/"$PID"/task/*/stat 2> /dev/null | awk '{s += $12 + $13} END {print s + 0}'; }
# Warm-up: at least WARMUP posts, and more (at most MAX_WARMUP) while the JIT compilers still take more than 5 % of
# the server's CPU during a post: on a busy machine C2 needs several 30k-message posts to finish, and JMH's rate,
# the goal's reference, is a compiled rate too.
w=0
while true; do
  c0=$(cpu_ticks); j0=$(jit_ticks)
  post > /dev/null
  w=$(( w + 1 ))
  c1=$(cpu_ticks)
  jit_share=$(( ($(jit_ticks) - j0) * 100 / (c1 - c0 + 1) ))
  echo "  warm-up post $w: server CPU $(( (c1 - c0) * tick_ms )) ms, JIT $jit_share %"
  if (( w >= WARMUP && (jit_share < 5 || w >= ${MAX_WARMUP:-10}) )); then break; fi
done
echo "$w warm-up posts; the JIT took $jit_share % of the server's CPU in the last one"
if [[ -n ${JFR:-} ]]; then
  jcmd "$PID" JFR.start name=batch settings=profile filename="$(realpath -m "$JFR")" > /dev/null
fi
snapshot > "$WORK/before"
total_ms=0; total_cpu=0; total_n=0
for i in $(seq "$REPS"); do
  c0=$(cpu_ticks)
  t0=$(date +%s%N)
  n=$(post | tee "$WORK/answer" | answered)
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  cpu_ms=$(( ($(cpu_ticks) - c0) * tick_ms ))
  total_ms=$(( total_ms + ms )); total_cpu=$(( total_cpu + cpu_ms )); total_n=$(( total_n + n ))
  awk -v n="$n" -v ms="$ms" -v cpu="$cpu_ms" -v i="$i" 'BEGIN {printf "  post %d: %d entries in %d ms = %.0f msgs/s; server CPU %d ms = %.1f us/message = %.0f msgs per CPU-second\n", i, n, ms, n * 1000 / ms, cpu, cpu * 1000 / n, n * 1000 / cpu}'
done
snapshot > "$WORK/after"
if [[ -n ${JFR:-} ]]; then jcmd "$PID" JFR.stop name=batch > /dev/null; echo "JFR recording: $JFR"; fi
if [[ $accept == application/json ]]; then
  errors=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["errors"])' < "$WORK/answer")
else
  errors=$(grep -c '"error"' "$WORK/answer" || true)
fi
awk -v n="$total_n" -v ms="$total_ms" -v cpu="$total_cpu" 'BEGIN {printf "all measured posts: %.0f msgs/s wall clock, %.0f msgs per server CPU-second\n", n * 1000 / ms, n * 1000 / cpu}'
echo "entries with an error in the last answer: $errors (messages the service refuses, e.g. fixtures that are not messages)"
echo "CPU per thread group over the measured posts:"
join "$WORK/before" "$WORK/after" | awk -v t="$tick_ms" -v n="$total_n" \
  '{d = ($3 - $2) * t; if (d > 0) printf "  %-16s %7d ms  %6.1f us/message\n", $1, d, d * 1000 / n}' | sort -k2 -rn
echo "load average after the posts: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n ${CODELIST:-} ]]; then jcmd "$PID" Compiler.codelist > "$CODELIST"; echo "compiled methods: $CODELIST"; fi
kill "$PID"; wait "$PID" 2> /dev/null || true

if [[ ${BASELINE:-1} != 0 ]]; then
  echo
  echo "baseline, same mbox, one thread, no HTTP (BatchBaseline):"
  java -cp "rest-api/target/test-classes:rest-api/target/classes:rest-api/target/quarkus-app/lib/main/*:rest-api/target/quarkus-app/lib/boot/*" \
    dev.mx20.rest.dsn.BatchBaseline "$WORK/batch.mbox" "${BASELINE_PASSES:-10}" 10
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
