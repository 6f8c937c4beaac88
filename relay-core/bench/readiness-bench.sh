#!/usr/bin/env bash
# Batch IPv6 readiness benchmark: domains/s at 1/16/64 concurrent lookups against TestDnsServer in its own JVM
# on 127.0.0.1 (no other traffic). Usage: relay-core/bench/readiness-bench.sh [domains] [concurrency...]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-3000}
shift || true
LEVELS=${*:-1 16 64}
./mvnw -B -q -pl relay-core -am test-compile
CP="relay-core/target/test-classes:relay-core/target/classes:$(./mvnw -B -q -pl relay-core dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
OUT=$(mktemp)
java -Xmx512m -cp "$CP" dev.mx20.relay.validate.bench.BenchDnsServerMain "$N" >"$OUT" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$OUT"' EXIT
for _ in $(seq 1 300); do grep -q port= "$OUT" && break; sleep 0.2; done
PORT=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' "$OUT")
PID=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' "$OUT")
java -Xmx512m -cp "$CP" dev.mx20.relay.validate.bench.ReadinessBenchmarkMain "$PORT" "$PID" "$N" $LEVELS
