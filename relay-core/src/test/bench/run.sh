#!/usr/bin/env bash
# Relay throughput benchmark: smtp-source -> mx20 relay (127.0.0.1) -> smtp-sink ([::1], IPv6),
# N messages of SIZE bytes, one message per connection, at 1, 4 and 16 parallel sessions, fsync on (always:
# the spool has no switch to turn it off). Each session count gets a fresh relay JVM and a warm-up of WARMUP messages.
#
# Reports per run: msgs/s (smtp-source start -> the relay's queue is empty, i.e. every message delivered to the
# sink), relay CPU per message (utime+stime of the relay process over the measured run / N), peak RSS (VmHWM of
# the relay process, warm-up included).
#
# The relay runs through its launcher, relay-core/bin/mx20-relay, with the launcher's default JVM options
# (C1 only, SerialGC, -Xmx256m; see the launcher for why). RELAY_JAVA_OPTS replaces them, e.g.
# RELAY_JAVA_OPTS="-Xmx512m" for the plain JVM defaults that earlier entries in docs/benchmarks.md used.
# Usage (after `./mvnw -B -pl relay-core -am package -DskipTests`; needs smtp-source/smtp-sink from postfix):
#   relay-core/src/test/bench/run.sh [N=2000] [SIZE=4096] [SESSIONS="1 4 16"]
# Loopback only, bounded: every wait has a time limit.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
N=${1:-2000}; SIZE=${2:-4096}; SESSIONS=${3:-"1 4 16"}; WARMUP=${WARMUP:-500}
SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
[ -x "$SOURCE" ] && [ -x "$SINK" ] || { echo "needs postfix's smtp-source and smtp-sink"; exit 2; }
JAR=$(ls relay-core/target/relay-core-*-SNAPSHOT.jar 2>/dev/null | grep -v tests | head -1)
[ -n "$JAR" ] && [ -d relay-core/target/lib ] || { echo "build first: ./mvnw -B -pl relay-core -am package -DskipTests"; exit 2; }
HZ=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET6 if sys.argv[1]==":" else socket.AF_INET); s.bind((sys.argv[2],0)); print(s.getsockname()[1])' "$1" "$2"; }
WORK=$(mktemp -d /tmp/mx20-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

SINK_PORT=$(free_port : ::1)
"$SINK" $( [ "$(id -u)" = 0 ] && echo -u nobody ) -m 512 '[::1]':"$SINK_PORT" 256 > "$WORK/sink.log" 2>&1 &
PIDS+=($!)

queued() { find "$WORK/spool/queue" -name '*.env' 2>/dev/null | wc -l; }
wait_empty() { # seconds
  local end=$((SECONDS + $1))
  while [ $SECONDS -lt $end ]; do [ "$(queued)" = 0 ] && return 0; sleep 0.05; done; return 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

printf '%-9s %9s %10s %14s %12s\n' sessions messages msgs/s cpu_ms/msg peak_rss_MB
for S in $SESSIONS; do
  rm -rf "$WORK/spool"
  PORT=$(free_port . 127.0.0.1)
  printf 'alice@example.com\n' > "$WORK/recipients"
  cat > "$WORK/relay.cf" <<CF
myhostname = relay.example.com
inet_interfaces = 127.0.0.1
smtpd_port = $PORT
relay_domains = example.com
relay_recipient_maps = $WORK/recipients
mynetworks = 192.0.2.0/24
queue_directory = $WORK/spool
relayhost = [::1]:$SINK_PORT
smtp_tls_security_level = none
smtpd_client_connection_count_limit = 100
CF
  MX20_RELAY_JAR="$JAR" MX20_RELAY_JAVA_OPTS="${RELAY_JAVA_OPTS:-}" relay-core/bin/mx20-relay -c "$WORK/relay.cf" run \
    > "$WORK/relay-$S.log" 2>&1 &
  RELAY=$!; PIDS+=($RELAY)
  for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
  timeout 300 "$SOURCE" -s "$S" -m "$WARMUP" -l "$SIZE" -f bench@sender.example -t alice@example.com 127.0.0.1:"$PORT"
  wait_empty 120 || { echo "warm-up did not drain"; exit 1; }
  c0=$(cpu_ticks $RELAY); t0=$(date +%s.%N)
  timeout 600 "$SOURCE" -s "$S" -m "$N" -l "$SIZE" -f bench@sender.example -t alice@example.com 127.0.0.1:"$PORT"
  wait_empty 300 || { echo "run did not drain"; exit 1; }
  t1=$(date +%s.%N); c1=$(cpu_ticks $RELAY)
  rss=$(awk '/VmHWM/ {print $2}' /proc/$RELAY/status)
  awk -v s="$S" -v n="$N" -v t0="$t0" -v t1="$t1" -v c="$((c1 - c0))" -v hz="$HZ" -v rss="$rss" \
    'BEGIN { printf "%-9s %9d %10.0f %14.2f %12.0f\n", s, n, n / (t1 - t0), c * 1000 / hz / n, rss / 1024 }'
  kill "$RELAY"; wait "$RELAY" 2>/dev/null || true
done
