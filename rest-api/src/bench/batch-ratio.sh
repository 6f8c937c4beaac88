#!/usr/bin/env bash
# Goal (b) of issue #3 measured at the same moments: POST /dsn/classify/batch's messages per server CPU-second
# divided by what dsn-core's JMH benchmark (AnalyzerBenchmark.analyze: BounceAnalyzer.analyze of the same .eml files,
# one thread) does per CPU-second AT THE SAME MOMENT.
#
# Why: this 2-vCPU guest changes speed by up to 2x between minutes (docs/benchmarks.md, rest-api, "jit7"), so a
# batch post and a JMH run taken minutes apart compare two moments. Here a reference JVM (test-scope
# dev.mx20.rest.dsn.AnalyzeReference: JMH's analyze loop over the same files, warmed up) sits idle beside the server
# and, driven through a pipe, measures its own rate in a short window right before and right after every post; each
# post's rate is divided by the mean of those two windows. The control: the same sequence with a reference window
# in the post's place (window, reference for as much CPU as the post took, window), i.e. the reference against
# itself across the same gaps: its spread is what the yardstick's own drift contributes to the posts' ratios.
#
# Sequence after the warm-ups: W post W control W post W control W ... (each W serves the post or control on both
# sides of it). Everything runs one thing at a time: while a post runs the reference is blocked on its pipe, while
# the reference runs the server is idle. Loopback only (127.0.0.1); bounded: WARMUP..MAX_WARMUP + REPS posts,
# REF_WARMUP + 2 * REPS + 1 windows; the server and the reference are stopped on exit.
#
#   ./mvnw -B package -DskipTests && ./mvnw -B -q -o -pl rest-api test-compile \
#     && SOURCES=../shared/bounce-corpus rest-api/src/bench/batch-ratio.sh
#
# Environment: PORT (18083), COPIES (110), SOURCES (directories of .eml files; default the repository's bounces; the
# shared corpus directory gives JMH's own messages), WARMUP (6) / MAX_WARMUP (15) (server warm-up posts: at least
# WARMUP, more while its C2 compiler takes more than 5 % of a post), REPS (8), WINDOW_MS (1000: reference CPU per window),
# REF_WARMUP (8) / REF_MAX_WARMUP (20) (reference warm-up windows of 2 CPU-seconds, JMH's "-wi 8 -w 2s": at least
# REF_WARMUP, more while its C2 compiler takes more than 2 % of a window), LEAD_MS (200: unmeasured analysis at
# the start of every window, so that the reference is measured warm whatever ran before it), JMH (1: at the end,
# dsn-core's JMH analyze on the first SOURCES directory between two reference windows: is the reference the same
# yardstick?), ACCEPT (ndjson, or summary), JAR (another build's
# quarkus-run.jar), JAVA_OPTS (the server's), REF_OPTS (the reference JVM's). Needs curl and python3.
# REPS=0 JMH=1: only the yardstick check (reference warm-up, then JMH between two windows; no posts). JMH_WI: JMH's
# warm-up iterations of 2 s (8, the documented command; on a loaded machine its C2 does not finish in 8: see the
# iterations the script prints).
set -euo pipefail
cd "$(dirname "$0")/../../.."

PORT=${PORT:-18083}
COPIES=${COPIES:-110}
WARMUP=${WARMUP:-6}
MAX_WARMUP=${MAX_WARMUP:-15}
REPS=${REPS:-8}
WINDOW_MS=${WINDOW_MS:-1000}
REF_WARMUP=${REF_WARMUP:-8}
REF_MAX_WARMUP=${REF_MAX_WARMUP:-20}
LEAD_MS=${LEAD_MS:-200}
JAR=${JAR:-rest-api/target/quarkus-app/quarkus-run.jar}
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)

# shellcheck source=lib.sh
source rest-api/src/bench/lib.sh
require_jar "$JAR"
require_free_port "$BASE"
[[ -f rest-api/target/test-classes/dev/mx20/rest/dsn/AnalyzeReference.class ]] \
  || { echo "no AnalyzeReference class: run ./mvnw -B -q -o -pl rest-api test-compile first" >&2; exit 1; }

SOURCES=${SOURCES:-examples/bounces dsn-core/src/test/resources/fixtures/*}
mapfile -t EML < <(eml_files $SOURCES)
# The reference reads the files in the order the mailbox holds them (write_mboxrd sorts the paths).
printf '%s\n' "${EML[@]}" | sort > "$WORK/files"
write_mboxrd "$WORK/batch.mbox" "$COPIES" "${EML[@]}"
messages=$(( COPIES * ${#EML[@]} ))

set_batch_accept
load() { cut -d' ' -f1 /proc/loadavg; }

start_server "$JAR" "$PORT"
# The reference: same dsn-core jar as the server (the packaged lib/), default JVM options as JMH's fork.
# shellcheck disable=SC2086
coproc REF { exec java ${REF_OPTS:-} -cp "rest-api/target/test-classes:rest-api/target/quarkus-app/lib/main/*" \
  dev.mx20.rest.dsn.AnalyzeReference "$WORK/files" 2> "$WORK/reference.err"; }
REF_PID=$REF_PID
trap 'kill "$PID" "$REF_PID" 2> /dev/null || true; wait "$PID" "$REF_PID" 2> /dev/null || true; rm -rf "$WORK"' EXIT
window() { # $1: CPU ms; prints "rate <process> <thread> <wall> <messages> <cpu ns> <jit ms>"
  echo "window $1 $LEAD_MS" >&"${REF[1]}"
  local answer
  read -r -u "${REF[0]}" answer || { echo "the reference JVM died:" >&2; cat "$WORK/reference.err" >&2; exit 1; }
  [[ $answer == rate* ]] || { echo "reference: $answer" >&2; exit 1; }
  echo "$answer"
}
await_live "$BASE"

echo "batch-ratio: $messages messages per post ($COPIES copies of ${#EML[@]} files), Accept: $accept; load $(cut -d' ' -f1-3 /proc/loadavg)"
w=0
while (( REPS > 0 )); do
  read -r c0 _ _ j0 <<< "$(cpu_split "$PID")"
  post > /dev/null
  w=$(( w + 1 ))
  read -r c1 _ _ j1 <<< "$(cpu_split "$PID")"
  jit=$(( (j1 - j0) * 100 / (c1 - c0 + 1) ))
  echo "  server warm-up post $w: CPU $(( c1 - c0 )) ms, C2 $jit % (load $(load))"
  if (( w >= WARMUP && (jit < 5 || w >= MAX_WARMUP) )); then break; fi
done
i=0
while true; do
  read -r c0 _ _ j0 <<< "$(cpu_split "$REF_PID")"
  read -r _ p _ wall _ <<< "$(window 2000)"
  read -r c1 _ _ j1 <<< "$(cpu_split "$REF_PID")"
  i=$(( i + 1 ))
  jit=$(( (j1 - j0) * 100 / (c1 - c0 + 1) ))
  echo "  reference warm-up window $i: $p msgs per process CPU-second, $wall per wall-second, C2 $jit % (load $(load))"
  if (( i >= REF_WARMUP && (jit < 2 || i >= REF_MAX_WARMUP) )); then break; fi
done

echo "per post: msgs per server CPU-second / mean of the reference windows before and after = ratio;"
echo "          server us/message = request thread / event loop / C2 / rest, against the reference's us/message"
echo "          (1e6 / its rate); control: a reference window in the post's place over the windows around it"
: > "$WORK/rows"
(( REPS > 0 )) && read -r _ before _ <<< "$(window "$WINDOW_MS")"
for r in $(seq "$REPS"); do
  l0=$(load)
  read -r c0 e0 v0 k0 <<< "$(cpu_split "$PID")"
  n=$(post | answered)
  read -r c1 e1 v1 k1 <<< "$(cpu_split "$PID")"
  read -r _ after _ <<< "$(window "$WINDOW_MS")"
  cpu=$(( c1 - c0 ))
  # The control: the reference for as much CPU as the post took, then one more window.
  read -r _ middle _ <<< "$(window "$cpu")"
  read -r _ next _ <<< "$(window "$WINDOW_MS")"
  awk -v r="$r" -v n="$n" -v cpu="$cpu" -v e=$(( e1 - e0 )) -v v=$(( v1 - v0 )) -v k=$(( k1 - k0 )) \
    -v b="$before" -v a="$after" -v m="$middle" -v x="$next" -v l0="$l0" -v l1="$(load)" 'BEGIN {
      rate = n * 1000 / cpu; ref = (b + a) / 2; ratio = rate / ref; control = m / ((a + x) / 2)
      printf "  post %d: %5.0f / %5.0f (%5.0f, %5.0f) = %.3f   server %.1f = %.1f / %.1f / %.1f / %.1f us/msg vs reference %.1f   control %.3f   load %s-%s\n",
        r, rate, ref, b, a, ratio, cpu * 1000 / n, e * 1000 / n, v * 1000 / n, k * 1000 / n, (cpu - e - v - k) * 1000 / n,
        1e6 / ref, control, l0, l1
      print ratio, control, rate, ref > "/dev/stderr"
    }' 2>> "$WORK/rows"
  before=$next
done
(( REPS > 0 )) && python3 - "$WORK/rows" << 'PY'
import statistics as st, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
def line(name, xs):
    m = st.mean(xs); sd = st.stdev(xs) if len(xs) > 1 else 0.0
    print("%-8s mean %.3f  median %.3f  min %.3f  max %.3f  stdev %.3f (%.1f %%)"
          % (name, m, st.median(xs), min(xs), max(xs), sd, 100 * sd / m))
line("ratio", [r[0] for r in rows])
line("control", [r[1] for r in rows])
print("posts %.0f msgs per server CPU-second on average; reference %.0f msgs per process CPU-second on average"
      % (st.mean(r[2] for r in rows), st.mean(r[3] for r in rows)))
PY
echo "load average after the posts: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ${JMH:-0} == 1 ]]; then
  # The same yardstick? JMH's own run (as in docs/benchmarks.md) between two reference windows, server idle.
  read -r _ b _ bw _ <<< "$(window "$WINDOW_MS")"
  corpus=$(realpath "${SOURCES%% *}")
  ./mvnw -q -o -pl dsn-core test-compile exec:exec@jmh -Djmh.args="-f 1 -wi ${JMH_WI:-8} -w 2s -i 5 -r 2s -t 1 -p corpus=$corpus \
    AnalyzerBenchmark.analyze" > "$WORK/jmh.log" 2>&1 || { echo "JMH failed:"; tail -20 "$WORK/jmh.log"; }
  read -r _ a _ aw _ <<< "$(window "$WINDOW_MS")"
  score=$(awk '/AnalyzerBenchmark.analyze/ && /thrpt/ {print $(NF-3), $(NF-1)}' "$WORK/jmh.log")
  echo "JMH iterations (ops/s; warm-up first): $(awk '/Iteration/ {printf "%s ", $(NF-1)}' "$WORK/jmh.log")"
  awk -v s="${score% *}" -v err="${score#* }" -v b="$b" -v a="$a" -v bw="$bw" -v aw="$aw" 'BEGIN {
    printf "JMH analyze %.0f +- %.0f ops/s; reference around it %.0f, %.0f msgs per process CPU-second (%.0f, %.0f per wall-second): JMH / reference %.3f (wall %.3f)\n",
      s, err, b, a, bw, aw, s / ((a + b) / 2), s / ((aw + bw) / 2)}'
  echo "load average after JMH: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
echo quit >&"${REF[1]}"
