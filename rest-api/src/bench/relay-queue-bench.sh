#!/usr/bin/env bash
# Benchmarks the hosted relay's queue endpoints on loopback only (127.0.0.1): the packaged rest-api hosts a relay
# whose SMTP port is on 127.0.0.1 and whose relayhost is a closed loopback port, so every message is deferred and
# stays queued. Postfix's smtp-source fills the queue with MESSAGES messages; then wrk measures GET /relay/queue
# (the oldest 1000 as JSON, and the whole queue with ?limit=100000; one spool envelope read per queued message) and curl times POST /relay/queue/flush.
# Bounded: the wrk run lasts DURATION; the server is stopped and the spool deleted on exit.
#
#   ./mvnw -B -pl rest-api -am package -DskipTests && rest-api/src/bench/relay-queue-bench.sh
#
# Environment: MESSAGES (1000), DURATION (10s), PORT (18081), SMTP_PORT (12525), DEAD_PORT (12526, must be
# closed). Needs wrk, curl, python3, smtp-source (Debian: apt-get install wrk curl postfix).
set -euo pipefail
cd "$(dirname "$0")/../../.."

MESSAGES=${MESSAGES:-1000}
DURATION=${DURATION:-10s}
PORT=${PORT:-18081}
SMTP_PORT=${SMTP_PORT:-12525}
DEAD_PORT=${DEAD_PORT:-12526}
JAR=rest-api/target/quarkus-app/quarkus-run.jar
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)

[[ -f $JAR ]] || { echo "no $JAR: run ./mvnw -B -pl rest-api -am package -DskipTests first" >&2; exit 1; }
for tool in wrk curl python3 smtp-source; do
  command -v $tool > /dev/null || { echo "$tool is missing" >&2; exit 1; }
done
if curl -s -o /dev/null "$BASE/q/health/live"; then echo "port $PORT is in use" >&2; exit 1; fi
python3 -c "import socket,sys; sys.exit(0 if socket.socket().connect_ex(('127.0.0.1', $DEAD_PORT)) else 1)" \
  || { echo "DEAD_PORT $DEAD_PORT is open: the relay would deliver there" >&2; exit 1; }

cat > "$WORK/relay.cf" <<CF
myhostname = relay.bench.invalid
inet_interfaces = 127.0.0.1
smtpd_port = $SMTP_PORT
mynetworks = 127.0.0.0/8
queue_directory = $WORK/spool
relayhost = [127.0.0.1]:$DEAD_PORT
smtp_tls_security_level = none
minimal_backoff_time = 1h
maximal_backoff_time = 2h
CF

java ${JAVA_OPTS:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" -Dmx20.relay.enabled=true \
  -Dmx20.relay.config-file="$WORK/relay.cf" -jar "$JAR" > "$WORK/server.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 600); do
  curl -s -o /dev/null "$BASE/q/health/ready" && break
  kill -0 "$PID" 2> /dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.1
done

count() {  # queued messages that had their first (failed) attempt
  curl -s "$BASE/relay/queue?limit=100000" | python3 -c 'import json,sys; print(sum(1 for m in json.load(sys.stdin) if m["attempts"] >= 1))'
}

t0=$(date +%s%N)
smtp-source -s 8 -m "$MESSAGES" -l 2048 -f sender@bench.invalid -t rcpt@dest.invalid "127.0.0.1:$SMTP_PORT"
t1=$(date +%s%N)
echo "smtp-source: $MESSAGES messages of 2 KiB, 8 sessions: $(( (t1 - t0) / 1000000 )) ms"
for _ in $(seq 600); do
  [[ $(count) -ge $MESSAGES ]] && break
  sleep 0.5
done
echo "queued and deferred once: $(count)"
echo "GET /relay/queue body: $(curl -s "$BASE/relay/queue" | wc -c) bytes (default limit 1000)," \
  "?limit=100000: $(curl -s "$BASE/relay/queue?limit=100000" | wc -c) bytes"

for q in "" "?limit=100000"; do
  for c in 1 4; do
    echo "--- wrk GET /relay/queue$q, $c connection(s), $DURATION"
    wrk -t1 -c$c -d"$DURATION" --latency "$BASE/relay/queue$q" | grep -E 'Requests/sec|50%|99%|Non-2xx'
  done
done

echo "--- POST /relay/queue/flush (3 runs; each reschedules every waiting message)"
for _ in 1 2 3; do
  curl -s -o "$WORK/flush.json" -w "%{time_total}s " -X POST "$BASE/relay/queue/flush"
  cat "$WORK/flush.json"; echo
  sleep 2
done
