#!/usr/bin/env bash
# Measures start-up to first answer and RSS of the mx20 service, JVM or native.
#
#   src-native/measure-startup.sh [runs] [command...]
#
# Default command: the JVM fast-jar (build it first: ./mvnw -B package -DskipTests).
# Native: src-native/measure-startup.sh 5 rest-api/target/rest-api-0.1.0-SNAPSHOT-runner
# Starts the service on a free loopback port, polls GET /q/health/live every 5 ms until it answers
# 200 (bounded: 60 s), reads VmRSS from /proc 1 s after the first answer, stops it. Prints one line a run
# and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
if [ $# -eq 0 ]; then
  set -- java -jar rest-api/target/quarkus-app/quarkus-run.jar
fi
port=${PORT:-18080}
starts=(); rsss=()
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 "$@" >/tmp/mx20-startup.log 2>&1 &
  pid=$!
  ok=0
  for _ in $(seq 1 12000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/live"; then ok=1; break; fi
    sleep 0.005
  done
  t1=$(date +%s%N)
  if [ "$ok" != 1 ]; then kill "$pid" 2>/dev/null || true; cat /tmp/mx20-startup.log >&2; echo "service did not answer within 60 s" >&2; exit 1; fi
  sleep 1
  rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (t1 - t0) / 1000000 ))
  echo "run $i: first answer after ${ms} ms, RSS $((rss / 1024)) MB"
  starts+=("$ms"); rsss+=("$((rss / 1024))")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median: first answer $(median "${starts[@]}") ms, RSS $(median "${rsss[@]}") MB ($runs runs)"
