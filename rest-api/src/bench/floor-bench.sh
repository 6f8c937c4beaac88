#!/usr/bin/env bash
# How far can POST /dsn/classify get towards GET /q/health/live at all? Issue #3 asks classify for >= 60 % of
# health's requests/s. This measures what a classify request would cost if the server did only part of its work:
# floor.patch (applied to a scratch copy of HEAD, never to the tree) answers every classify request with the real
# answer's bytes for a body of that length, after doing only MODE's share of the work:
#   bytes    nothing: the HTTP exchange of a classify request (its 2-3.4 KB body in, its 1.5-2 KB answer out)
#   stream   + mime4j's streaming parse of the message (MimeStreamParser, events ignored, bodies not read)
#   dom      + mime4j's DOM of the message (DefaultMessageBuilder) instead
#   analyze  + the whole analysis (BounceAnalyzer via MessageClassifier), no JSON
#   full     the unpatched endpoint (the same jar without the property)
# For each mode one server (127.0.0.1 only) is warmed until C2 is under 2 % of its CPU, then classify (the three
# examples/bounces in turn, as wrk-bench.sh) and health are run in turn at each of CONNS connections, ROUNDS times,
# and it prints per request: the server's CPU (/proc/<pid>), the CPU of everything else on the machine (/proc/stat
# minus the server: wrk and the kernel's loopback work; only meaningful on an otherwise idle machine), requests/s,
# and "bound": (health's server + other CPU) / (classify's), which is the requests/s share classify gets when both
# saturate the machine's cores (wrk shares them with the server here). Bounded: per mode at most MAX_WARMUP x 15 s
# + ROUNDS x CONNS x 2 x DURATION of load.
#
#   rest-api/src/bench/floor-bench.sh
#
# Environment: PORT (18320), MODES ("bytes stream dom analyze full"), CONNS ("1 16 64"), DURATION (5s), ROUNDS (2),
# MAX_WARMUP (8), JAVA_OPTS. Needs git, wrk, curl; builds rest-api (./mvnw) in the scratch copy.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
PORT=${PORT:-18320}
MODES=${MODES:-bytes stream dom analyze full}
CONNS=${CONNS:-1 16 64}
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-2}
MAX_WARMUP=${MAX_WARMUP:-8}
BASE=http://127.0.0.1:$PORT
EXAMPLES=("$ROOT"/examples/bounces/*.eml)

# shellcheck source=lib.sh
source rest-api/src/bench/lib.sh
require_wrk
require_free_port "$BASE"

SCRATCH=$(mktemp -d)
git worktree add -q --detach "$SCRATCH/src" HEAD
cleanup_scratch() { git -C "$ROOT" worktree remove --force "$SCRATCH/src" 2> /dev/null || true; rm -rf "$SCRATCH"; }
trap cleanup_scratch EXIT
git -C "$SCRATCH/src" apply "$ROOT/rest-api/src/bench/floor.patch"
echo "building the patched copy of $(git rev-parse --short HEAD) ..."
(cd "$SCRATCH/src" && ./mvnw -q -B -pl rest-api -am package -DskipTests > "$SCRATCH/build.log" 2>&1) \
  || { tail -30 "$SCRATCH/build.log"; exit 1; }
JAR=$SCRATCH/src/rest-api/target/quarkus-app/quarkus-run.jar

busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; } # user nice system irq softirq steal
run_wrk() { # $1: classify | health, $2: connections, $3: duration
  local threads=2
  (( $2 == 1 )) && threads=1
  if [[ $1 == classify ]]; then
    wrk -t$threads -c"$2" -d"$3" -s rest-api/src/bench/classify.lua "$BASE" -- "${EXAMPLES[@]}"
  else
    wrk -t$threads -c"$2" -d"$3" -s rest-api/src/bench/health.lua "$BASE/q/health/live"
  fi
}

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-5s %-9s %10s %12s %12s\n' mode conn endpoint 'req/s' 'server us' 'other us'
for mode in $MODES; do
  WORK=$(mktemp -d)
  if [[ $mode == full ]]; then start_server "$JAR" "$PORT"; else start_server "$JAR" "$PORT" -Dmx20.bench.floor="$mode"; fi
  trap 'kill "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true; rm -rf "$WORK"; cleanup_scratch' EXIT
  await_live "$BASE"
  for warm in $(seq "$MAX_WARMUP"); do
    t0=$(process_ms "$PID"); k0=$(threads_ms "$PID" C2)
    run_wrk classify 16 10s > /dev/null
    run_wrk health 16 5s > /dev/null
    if (( warm >= 2 && ($(threads_ms "$PID" C2) - k0) * 50 < $(process_ms "$PID") - t0 )); then break; fi
  done
  for conn in $CONNS; do
    for round in $(seq "$ROUNDS"); do
      for what in classify health; do
        s0=$(process_ms "$PID"); b0=$(busy_ticks)
        out=$(run_wrk "$what" "$conn" "$DURATION")
        s1=$(process_ms "$PID"); b1=$(busy_ticks)
        n=$(echo "$out" | grep -oE '^ *[0-9]+ requests' | awk '{print $1}')
        awk -v m="$mode" -v c="$conn" -v w="$what" -v n="$n" -v d="${DURATION%s}" -v s=$((s1 - s0)) \
            -v o=$(( (b1 - b0) * TICK_MS - (s1 - s0) )) \
          'BEGIN {printf "%-8s %-5d %-9s %10.0f %12.1f %12.1f\n", m, c, w, n / d, s * 1000 / n, o * 1000 / n}'
      done
    done
  done | tee "$SCRATCH/$mode.txt"
  # Per connection count: the medians' bound.
  awk -v m="$mode" '
    {k = $2 " " $3; srv[k] = srv[k] " " $5; oth[k] = oth[k] " " $6; rps[k] = rps[k] " " $4; conns[$2] = 1}
    function med(list,   a, n, i, j, t) { n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
      if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }; return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    END {for (c in conns) {h = med(srv[c " health"]) + med(oth[c " health"]); k = med(srv[c " classify"]) + med(oth[c " classify"])
      printf "%-8s %-5d classify/health req/s %5.1f %%, bound (health CPU / classify CPU per request) %5.1f %%\n", m, c,
        100 * med(rps[c " classify"]) / med(rps[c " health"]), 100 * h / k}}' "$SCRATCH/$mode.txt"
  kill "$PID"; wait "$PID" 2> /dev/null || true
  rm -rf "$WORK"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
