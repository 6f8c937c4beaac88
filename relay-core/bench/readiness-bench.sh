#!/usr/bin/env bash
# Batch IPv6 readiness benchmark: domains/s at 1/16/64 concurrent lookups, client and server CPU, against a
# DNS server on 127.0.0.1 only (no other traffic), each server in its own process:
#   testdns  the project's TestDnsServer (dnsjava Zone, one UDP thread) in its own JVM
#   nsd      NSD, a real authoritative server (Debian package nsd), serving the same zones from master files
#   unbound  Unbound (Debian package unbound), a local recursive resolver as a survey would use it, resolving the
#            zones from NSD (stub zones, NSD on another loopback port); nothing outside them is resolved
#            (local-zone "." refuse), so no query leaves loopback. CPU of unbound and NSD measured apart.
# Usage: relay-core/bench/readiness-bench.sh [domains] [concurrency...]
# Env: SERVERS="testdns nsd" (default both; nsd/unbound are skipped when not installed; unbound only when asked),
#      UNBOUND_CACHE="cold warm" (default both): cold = unbound's cache of the bench zones flushed
#        (unbound-control flush_zone) before every measured run, so every domain is new to it, as in a survey;
#        warm = one unmeasured pass over all domains first, every answer then comes from unbound's cache,
#      UNBOUND_DNSSEC=off|on (default off: module-config "iterator"; on: NSD serves the zones signed with
#        ldns-signzone (Debian package ldnsutils, ECDSA P-256) and unbound validates them ("validator iterator")
#        against their DS as trust anchors), UNBOUND_THREADS (default 1, Debian's default num-threads),
#      TRANSPORTS="pool dnsjava" (the lookup's pooled UDP client, and dnsjava's SimpleResolver for an A/B),
#      WARMUP=seconds of warm-up per level (default 10), REPS=measured runs of N domains per level (default 5;
#      each run is printed, then median [min-max]),
#      AB_BASE=<dir of relay-core main classes> (e.g. an older commit's, compiled) to compare: each transport then
#      runs ROUNDS times (default 2) alternating that build and this one, against the same server process,
#      so a busy machine's drift hits both alike; AB_FIRST=current starts each round with this build; first,
#      both builds' results for every domain (ReadinessDumpMain) must be identical, or the script stops,
#      CLIENT_JAVA_OPTS (e.g. -XX:StartFlightRecording=filename=client.jfr,settings=profile to profile; "{build}"
#        in it becomes base or current, e.g. filename=client-{build}.jfr to profile both builds of an A/B).
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
    # shellcheck disable=SC2086 # one or two pids
    if [ -n "$SERVER" ]; then kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

answers_soa() {
    python3 - "$1" <<'PY'
import socket, struct, sys
# RD set: unbound recurses, NSD ignores it
q = struct.pack(">HHHHHH", 0x4d58, 0x0100, 1, 0, 0, 0) + b"\x05bench\x07example\x00" + struct.pack(">HH", 6, 1)
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
    local suffix=
    if [ "${SIGN_ZONES:-}" = yes ]; then
        suffix=.signed
        while read -r origin; do
            (cd "$WORK/nsd" && key=$(ldns-keygen -a ECDSAP256SHA256 -k "$origin") &&
                ldns-signzone -o "$origin" "${origin}zone" "$key" && rm -f "$key.private" && mv "$key.ds" "${origin}ds")
        done <"$WORK/origins"
    fi
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
        # a unix socket (no TLS keys): lets the unbound setup count the queries NSD answered (nsd-control stats)
        echo "  control-enable: yes"
        echo "  control-interface: \"$WORK/nsd/control.sock\""
        while read -r origin; do
            echo "zone:"
            echo "  name: \"$origin\""
            echo "  zonefile: \"${origin}zone$suffix\""
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

# Unbound in front of NSD: NSD started first (its own port), then unbound on a port of its own forwarding nothing
# but the bench zones to it. PID becomes "unbound=<pid>,nsd=<pid>" for the client, which measures both apart.
start_unbound() {
    SIGN_ZONES=$([ "${UNBOUND_DNSSEC:-off}" = on ] && echo yes || echo no) start_nsd
    NSD_PORT=$PORT
    NSD_PID=$PID
    NSD_SERVER=$SERVER
    mkdir -p "$WORK/unbound"
    PORT=$(free_port)
    local modules=iterator
    [ "${UNBOUND_DNSSEC:-off}" = on ] && modules="validator iterator"
    {
        echo "server:"
        echo "  interface: 127.0.0.1"
        echo "  port: $PORT"
        echo "  do-ip6: no"
        echo "  do-daemonize: no"
        echo "  use-syslog: no"
        echo "  logfile: \"\""
        echo "  verbosity: 0"
        echo "  username: \"\""
        echo "  chroot: \"\""
        echo "  directory: \"$WORK/unbound\""
        echo "  pidfile: \"$WORK/unbound/unbound.pid\""
        echo "  num-threads: ${UNBOUND_THREADS:-1}"
        # NSD is on loopback, which unbound would not query by default
        echo "  do-not-query-localhost: no"
        # room for every answer of a warm run (the defaults, 4 MB each, would evict within one run)
        echo "  msg-cache-size: 256m"
        echo "  rrset-cache-size: 512m"
        echo "  module-config: \"$modules\""
        # no root trust anchor and nothing resolved outside the bench zones: no query leaves loopback
        echo "  local-zone: \".\" refuse"
        while read -r origin; do
            # transparent also overrides unbound's default empty zones for 2.0.192.in-addr.arpa and
            # 8.b.d.0.1.0.0.2.ip6.arpa (documentation ranges, RFC 6303 / RFC 5737 / RFC 3849)
            echo "  local-zone: \"$origin\" transparent"
            [ "${UNBOUND_DNSSEC:-off}" = on ] && echo "  trust-anchor-file: \"$WORK/nsd/${origin}ds\""
        done <"$WORK/origins"
        while read -r origin; do
            echo "stub-zone:"
            echo "  name: \"$origin\""
            echo "  stub-addr: 127.0.0.1@$NSD_PORT"
        done <"$WORK/origins"
        echo "remote-control:"
        echo "  control-enable: yes"
        echo "  control-interface: \"$WORK/unbound/control.sock\""
        echo "  control-use-cert: no"
    } >"$WORK/unbound/unbound.conf"
    unbound-checkconf "$WORK/unbound/unbound.conf" >/dev/null
    unbound -d -c "$WORK/unbound/unbound.conf" &
    SERVER="$NSD_SERVER $!"
    PID="unbound=$!,nsd=$NSD_PID"
    for _ in $(seq 1 100); do
        answers_soa "$PORT" && break
        sleep 0.2
    done
    answers_soa "$PORT" || { echo "unbound does not answer for the bench zones" >&2; exit 1; }
}

# Client JVM options per run: for unbound, one run per cache state (cold / warm), each counting NSD's queries.
client_modes() {
    if [ "$1" = unbound ]; then echo "${UNBOUND_CACHE:-cold warm}"; else echo plain; fi
}

client_opts() {
    local ctl="unbound-control -c $WORK/unbound/unbound.conf"
    case "$1" in
    cold)
        local flush=
        while read -r origin; do flush="$flush $ctl flush_zone $origin >/dev/null &&"; done <"$WORK/origins"
        echo "-Dbench.before.run=${flush} true"
        echo "-Dbench.counter=nsd-control -c $WORK/nsd/nsd.conf stats_noreset | sed -n s/^num.queries=//p"
        ;;
    warm)
        echo "-Dbench.prime=true"
        echo "-Dbench.counter=nsd-control -c $WORK/nsd/nsd.conf stats_noreset | sed -n s/^num.queries=//p"
        ;;
    esac
}

for server in $SERVERS; do
    if [ "$server" != testdns ] && ! command -v nsd >/dev/null; then
        echo "nsd not installed (apt-get install nsd): $server skipped"
        continue
    fi
    if [ "$server" = unbound ] && ! command -v unbound >/dev/null; then
        echo "unbound not installed (apt-get install unbound): skipped"
        continue
    fi
    "start_$server"
    if [ -n "${AB_BASE:-}" ]; then
        # the identical-results check: every domain's result (and negative cases) from both builds, compared
        for build in base current; do
            classes=relay-core/target/classes
            [ "$build" = base ] && classes=$AB_BASE
            java -Xmx512m -cp "relay-core/target/test-classes:$classes:$DEPS" \
                dev.mx20.relay.validate.bench.ReadinessDumpMain "$PORT" "$N" 16 >"$WORK/results-$build.txt" 2>/dev/null
        done
        if cmp -s "$WORK/results-base.txt" "$WORK/results-current.txt"; then
            echo "== identical results from both builds ($(wc -l <"$WORK/results-current.txt") domains," \
                "$(grep -c IPV6_AND_IPV4 "$WORK/results-current.txt") of them IPV6_AND_IPV4)"
        else
            echo "== the builds' results differ:" >&2
            diff "$WORK/results-base.txt" "$WORK/results-current.txt" | head -20 >&2
            exit 1
        fi
    fi
    for mode in $(client_modes "$server"); do
    mapfile -t MODE_OPTS < <(client_opts "$mode")
    for transport in $TRANSPORTS; do
        if [ -n "${AB_BASE:-}" ]; then
            if [ "${AB_FIRST:-base}" = current ]; then order="current base"; else order="base current"; fi
            builds=$(for _ in $(seq 1 "${ROUNDS:-2}"); do echo "$order"; done)
        else
            builds=current
        fi
        for build in $builds; do
            classes=relay-core/target/classes
            [ "$build" = base ] && classes=$AB_BASE
            echo "== server=$server${UNBOUND_DNSSEC:+ dnssec=$UNBOUND_DNSSEC} mode=$mode ($(nproc) CPUs)" \
                "transport=$transport client=$build ($classes)"
            opts=${CLIENT_JAVA_OPTS:-}
            java -Xmx512m ${opts//\{build\}/$build} "${MODE_OPTS[@]}" -Dbench.transport="$transport" \
                -Dbench.warmup.seconds="${WARMUP:-10}" -Dbench.reps="${REPS:-5}" \
                -cp "relay-core/target/test-classes:$classes:$DEPS" dev.mx20.relay.validate.bench.ReadinessBenchmarkMain \
                "$PORT" "$PID" "$N" $LEVELS
        done
    done
    done
    # shellcheck disable=SC2086 # one or two pids
    kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=
done
