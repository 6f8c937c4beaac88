#!/usr/bin/env bash
# Batch IPv6 readiness benchmark: domains/s at 1/16/64 concurrent lookups, client and server CPU, against a
# DNS server on 127.0.0.1 only (no other traffic), each server in its own process:
#   testdns  the project's TestDnsServer (dnsjava Zone, one UDP thread) in its own JVM
#   nsd      NSD, a real authoritative server (Debian package nsd), serving the same zones from master files
# Usage: relay-core/bench/readiness-bench.sh [domains] [concurrency...]
# Env: SERVERS="testdns nsd" (default both; nsd is skipped when not installed),
#      TRANSPORTS="pool dnsjava" (the lookup's pooled UDP client, and dnsjava's SimpleResolver for an A/B),
#      WARMUP=seconds of warm-up per level (default 10), REPS=measured runs of N domains per level (default 5;
#      each run is printed, then median [min-max]),
#      AB_BASE=<dir of relay-core main classes> (e.g. an older commit's, compiled) to compare: each transport then
#      runs ROUNDS times (default 2) alternating that build and this one, against the same server process,
#      so a busy machine's drift hits both alike,
#      CLIENT_JAVA_OPTS (e.g. -XX:StartFlightRecording=filename=client.jfr,settings=profile to profile).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-3000}
shift || true
LEVELS=${*:-1 16 64}
SERVERS=${SERVERS:-testdns nsd}
TRANSPORTS=${TRANSPORTS:-pool dnsjava}
./mvnw -B -q -pl relay-core -am test-compile
DEPS="$(./mvnw -B -q -pl relay-core dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
CP="relay-core/target/test-classes:relay-core/target/classes:$DEPS"
WORK=$(mktemp -d)
SERVER=
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

answers_soa() {
    python3 - "$1" <<'PY'
import socket, struct, sys
q = struct.pack(">HHHHHH", 0x4d58, 0, 1, 0, 0, 0) + b"\x05bench\x07example\x00" + struct.pack(">HH", 6, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
try:
    s.sendto(q, ("127.0.0.1", int(sys.argv[1])))
    r = s.recv(512)
    sys.exit(0 if r[:2] == q[:2] and r[3] & 0x0F == 0 and struct.unpack(">H", r[6:8])[0] > 0 else 1)
except OSError:
    sys.exit(1)
PY
}

start_testdns() {
    java -Xmx512m -cp "$CP" dev.mx20.relay.validate.bench.BenchDnsServerMain "$N" >"$WORK/testdns.out" &
    SERVER=$!
    # parsing a large zone takes a while on a busy machine
    for _ in $(seq 1 900); do grep -qs port= "$WORK/testdns.out" && break; sleep 0.2; done
    PORT=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' "$WORK/testdns.out")
    if [ -z "$PORT" ]; then echo "TestDnsServer did not start" >&2; exit 1; fi
    PID=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' "$WORK/testdns.out")
}

start_nsd() {
    mkdir -p "$WORK/nsd"
    java -cp "$CP" dev.mx20.relay.validate.bench.BenchZoneFilesMain "$WORK/nsd" "$N" >"$WORK/origins"
    PORT=$(free_port)
    {
        echo "server:"
        echo "  ip-address: 127.0.0.1"
        echo "  port: $PORT"
        echo "  do-ip6: no"
        echo "  server-count: 1"
        echo "  username: \"\""
        echo "  chroot: \"\""
        echo "  zonesdir: \"$WORK/nsd\""
        echo "  database: \"\""
        echo "  zonelistfile: \"$WORK/nsd/zone.list\""
        echo "  xfrdfile: \"$WORK/nsd/xfrd.state\""
        echo "  pidfile: \"$WORK/nsd/nsd.pid\""
        echo "  logfile: \"$WORK/nsd/nsd.log\""
        echo "  verbosity: 0"
        # response rate limiting (on by default in Debian's build: 200 answers/s per client network, the rest
        # dropped or truncated, which sends the client to TCP) would measure RRL, not the server
        echo "  rrl-ratelimit: 0"
        echo "  rrl-whitelist-ratelimit: 0"
        echo "remote-control:"
        echo "  control-enable: no"
        while read -r origin; do
            echo "zone:"
            echo "  name: \"$origin\""
            echo "  zonefile: \"${origin}zone\""
        done <"$WORK/origins"
    } >"$WORK/nsd/nsd.conf"
    nsd-checkconf "$WORK/nsd/nsd.conf"
    nsd -d -c "$WORK/nsd/nsd.conf" &
    SERVER=$!
    PID=$SERVER
    # ready when it answers a query for the first zone's SOA with NOERROR
    for _ in $(seq 1 100); do
        answers_soa "$PORT" && break
        sleep 0.2
    done
}

for server in $SERVERS; do
    if [ "$server" = nsd ] && ! command -v nsd >/dev/null; then
        echo "nsd not installed (apt-get install nsd): skipped"
        continue
    fi
    "start_$server"
    for transport in $TRANSPORTS; do
        if [ -n "${AB_BASE:-}" ]; then
            builds=$(for _ in $(seq 1 "${ROUNDS:-2}"); do echo base current; done)
        else
            builds=current
        fi
        for build in $builds; do
            classes=relay-core/target/classes
            [ "$build" = base ] && classes=$AB_BASE
            echo "== server=$server ($(nproc) CPUs) transport=$transport client=$build ($classes)"
            java -Xmx512m ${CLIENT_JAVA_OPTS:-} -Dbench.transport="$transport" \
                -Dbench.warmup.seconds="${WARMUP:-10}" -Dbench.reps="${REPS:-5}" \
                -cp "relay-core/target/test-classes:$classes:$DEPS" dev.mx20.relay.validate.bench.ReadinessBenchmarkMain \
                "$PORT" "$PID" "$N" $LEVELS
        done
    done
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
done
