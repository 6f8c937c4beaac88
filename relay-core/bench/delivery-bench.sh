#!/usr/bin/env bash
# Outbound delivery benchmark: SmtpDeliveryAgent -> Postfix smtp-sink on [::1], 2000 messages of 4 KB,
# one message per SMTP session, 1/4/16 concurrent sessions. Loopback only. Needs smtp-sink (apt-get install postfix).
# Usage (from the repository root): relay-core/bench/delivery-bench.sh [messages]
set -euo pipefail
cd "$(dirname "$0")/../.."
MESSAGES="${1:-2000}"
PORT="${PORT:-12526}"
# Compile in the reactor (nothing is installed into ~/.m2): dsn-core resolves to dsn-core/target/classes.
./mvnw -B -q -pl relay-core -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.cp
CP="relay-core/target/test-classes:relay-core/target/classes:$(cat relay-core/target/bench.cp)"
SINK_USER=(); [ "$(id -u)" -eq 0 ] && SINK_USER=(-u nobody)
smtp-sink "${SINK_USER[@]}" "[::1]:$PORT" 256 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT
sleep 0.5
for sessions in 1 4 16; do
  java -Xmx256m -cp "$CP" dev.mx20.relay.delivery.DeliveryLoad "[::1]:$PORT" "$MESSAGES" "$sessions"
done
