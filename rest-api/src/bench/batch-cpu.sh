#!/usr/bin/env bash
# Where the CPU of POST /dsn/classify/batch goes, per thread of the server: starts the packaged jar on
# 127.0.0.1 (loopback only), warms the batch path up, posts a generated mbox three times (NDJSON), and prints
# each thread group's CPU time (utime+stime from /proc/<pid>/task/*/stat) over the three posts.
# Bounded: WARMUP_SECONDS of warm-up, three posts; the server is stopped on exit.
#
#   ./mvnw -B package -DskipTests && rest-api/src/bench/batch-cpu.sh
#
# Environment: PORT (18081), COPIES (5000 copies of each example = 15,000 messages, 41 MB), WARMUP_SECONDS (15),
# JAVA_OPTS. Needs curl and python3.
set -euo pipefail
cd "$(dirname "$0")/../../.."

PORT=${PORT:-18081}
COPIES=${COPIES:-5000}
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
JAR=rest-api/target/quarkus-app/quarkus-run.jar
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)

# shellcheck source=lib.sh
source rest-api/src/bench/lib.sh
require_jar "$JAR"
require_free_port "$BASE"
start_server "$JAR" "$PORT"
await_live "$BASE"

write_mboxrd "$WORK/batch.mbox" "$COPIES" examples/bounces/*.eml
accept=application/x-ndjson # for lib.sh's post
snapshot() { thread_groups "$PID"; } # CPU ticks per thread group (lib.sh)

end=$(( SECONDS + WARMUP_SECONDS ))
while (( SECONDS < end )); do post > /dev/null; done
snapshot > "$WORK/before"
t0=$(date +%s%N)
reports=0
for _ in 1 2 3; do reports=$(( reports + $(post | grep -c '"report"') )); done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
snapshot > "$WORK/after"
tick_ms=$TICK_MS
echo "$reports reports in $ms ms ($(( reports * 1000 / ms )) msgs/s); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "CPU per thread group over the three posts:"
join "$WORK/before" "$WORK/after" | awk -v t="$tick_ms" -v n="$reports" \
  '{d = ($3 - $2) * t; if (d > 0) printf "  %-16s %6d ms  %6.1f us/message\n", $1, d, d * 1000 / n}' | sort -k2 -rn
