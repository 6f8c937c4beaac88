#!/usr/bin/env bash
# POST /dsn/classify/batch to several servers IN TURN, for A/Bs that a shared, loaded machine cannot spoil: starts
# one server per entry of SERVERS (127.0.0.1 only), warms each up with WARMUP posts (taking turns), then runs ROUNDS
# rounds of one post to each server in turn and prints, per post, the server's CPU per message (all threads) and
# that of its request thread, event loop and C2 compiler thread, plus a machine-speed probe (CPU nanoseconds of a
# fixed python loop, taken right after the post; it knows nothing of any JVM).
#
# Why: on this 2-core machine the CPU cost of the same compiled code moves by a third from one moment to the next
# (docs/benchmarks.md, rest-api, "jit7"): consecutive single-server runs (batch-bench.sh) then differ by more than
# any change being measured. Posts that alternate between servers seconds apart see the same moment, so a
# difference between servers that holds round after round belongs to the servers (build, JVM options, JIT
# outcome), and a round where all of them are slow belongs to the machine.
#
#   ./mvnw -B package -DskipTests && SERVERS="g1 parallel" rest-api/src/bench/batch-rotate.sh
#
# SERVERS: space-separated names; for each NAME, optional OPTS_<NAME> (JVM options), JAR_<NAME> (another build's
# quarkus-run.jar) and JAVA_<NAME> (another java binary), e.g. OPTS_parallel=-XX:+UseParallelGC.
# Other environment: PORT (the first port; 18620), COPIES (110), SOURCES (directories of .eml files; default the
# repository's bounces; ../shared/bounce-corpus (beside the repository) gives the corpus mbox of 31,240 messages), WARMUP (10), ROUNDS (6).
# Bounded: (WARMUP + ROUNDS) posts per server; every server is stopped on exit. Needs curl and python3.
set -euo pipefail
cd "$(dirname "$0")/../../.."
# shellcheck source=lib.sh
source rest-api/src/bench/lib.sh

SERVERS=${SERVERS:-"a b"}
PORT=${PORT:-18620}
COPIES=${COPIES:-110}
WARMUP=${WARMUP:-10}
ROUNDS=${ROUNDS:-6}
WORK=$(mktemp -d)
read -r -a names <<< "$SERVERS"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; rm -rf "$WORK"' EXIT

SOURCES=${SOURCES:-examples/bounces dsn-core/src/test/resources/fixtures/*}
mapfile -t EML < <(eml_files $SOURCES)
write_mboxrd "$WORK/batch.mbox" "$COPIES" "${EML[@]}"
messages=$(( COPIES * ${#EML[@]} ))

for i in "${!names[@]}"; do
  n=${names[$i]}; port=$(( PORT + i ))
  if curl -s -o /dev/null "http://127.0.0.1:$port/q/health/live"; then echo "port $port is in use" >&2; exit 1; fi
  opts=OPTS_$n; jar=JAR_$n; java=JAVA_$n
  [[ -f ${!jar:-rest-api/target/quarkus-app/quarkus-run.jar} ]] || { echo "no jar for $n: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
  # shellcheck disable=SC2086
  "${!java:-java}" ${!opts:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -jar "${!jar:-rest-api/target/quarkus-app/quarkus-run.jar}" > "$WORK/server-$n.log" 2>&1 &
  pids+=($!)
done
for i in "${!names[@]}"; do
  for _ in $(seq 900); do curl -s -o /dev/null "http://127.0.0.1:$(( PORT + i ))/q/health/live" && break; sleep 0.1; done
done

post() {
  curl -s -H 'Content-Type: application/mbox' -H 'Accept: application/x-ndjson' \
    --data-binary "@$WORK/batch.mbox" "http://127.0.0.1:$1/dsn/classify/batch" | grep -c '"index"'
}
# utime + stime ticks of a process ($1) or of its threads whose name starts with $2 (fields 14 and 15 of stat,
# counted after the ")" that ends the name).
ticks() {
  if [[ -z ${2:-} ]]; then sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; return; fi
  awk -v pre="$2" '{name = $0; sub(/^[^(]*\(/, "", name); sub(/\) .*$/, "", name)
    if (index(name, pre) == 1) {rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " "); s += f[12] + f[13]}}
    END {print s + 0}' /proc/"$1"/task/*/stat 2> /dev/null
}
probe() {
  python3 -c 'import time
t = time.process_time_ns(); s = 0
for i in range(400000): s += (i * 7) % 13
print("%.0f" % ((time.process_time_ns() - t) / 400000))'
}
tick_us=$(( 1000000 / $(getconf CLK_TCK) ))

echo "servers: ${names[*]}; $messages messages per post; $WARMUP warm-up posts each; load $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$WARMUP"); do
  for i in "${!names[@]}"; do post $(( PORT + i )) > /dev/null; done
done
echo "per post: server CPU us/message = request thread / event loop / C2; probe = python loop ns/iteration just after"
for r in $(seq "$ROUNDS"); do
  line="round $r (load $(cut -d' ' -f1 /proc/loadavg)):"
  for i in "${!names[@]}"; do
    p=${pids[$i]}
    a0=$(ticks "$p"); e0=$(ticks "$p" executor); v0=$(ticks "$p" vert.x-eventloo); c0=$(ticks "$p" C2)
    n=$(post $(( PORT + i )))
    a1=$(ticks "$p"); e1=$(ticks "$p" executor); v1=$(ticks "$p" vert.x-eventloo); c1=$(ticks "$p" C2)
    line+=$(awk -v name="${names[$i]}" -v n="$n" -v t="$tick_us" -v a=$(( a1 - a0 )) -v e=$(( e1 - e0 )) \
      -v v=$(( v1 - v0 )) -v c=$(( c1 - c0 )) -v pr="$(probe)" \
      'BEGIN {printf "  %s %.1f = %.1f / %.1f / %.1f (probe %s)", name, a * t / n, e * t / n, v * t / n, c * t / n, pr}')
  done
  echo "$line"
done
