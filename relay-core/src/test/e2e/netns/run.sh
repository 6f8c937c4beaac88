#!/usr/bin/env bash
# The MX 20 topology for real, in network namespaces with documentation addresses (RFC 5737 / RFC 3849):
#
#   sender   192.0.2.10          IPv4-only Internet host: sends to the primary, receives the primary's outbound mail
#   relay    192.0.2.1, 2001:db8::20   the mx20 relay (RelayMain run), dual-stack
#   primary  2001:db8::1         IPv6-only mail server (smtp-sink); uses the relay as its smarthost
#   dns      192.0.2.53          authoritative DNS (dnsjava TestDnsServer) for example.com and v4only.example.net
#
# All four hang off one bridge in a fifth namespace; nothing touches the host's own network.
# Proves: IPv4 sender -> relay (MX 20) -> primary (MX 10) over IPv6; unknown recipient 550 and foreign domain 554
# for the sender; primary -> relay (trusted, smarthost) -> IPv4-only destination over IPv4.
#
# Usage (root, iproute2, swaks, smtp-sink; after `./mvnw -B -pl relay-core -am package`):
#   relay-core/src/test/e2e/netns/run.sh
# Exits 0 on success, 1 on failure, 0 with a SKIP message when it cannot run here.
set -euo pipefail
cd "$(dirname "$0")/../../../../.."   # the repository root
ROOT=$(pwd)

skip() { echo "netns e2e: SKIP: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
command -v ip >/dev/null || skip "needs iproute2"
SWAKS=$(command -v swaks || true); [ -n "$SWAKS" ] || skip "needs swaks"
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink); [ -x "$SINK" ] || skip "needs postfix's smtp-sink"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

T=relay-core/target
if [ ! -d "$T/lib" ] || [ ! -d "$T/test-classes" ] || [ ! -d "$T/classes" ]; then
  ./mvnw -B -q -pl relay-core -am package -DskipTests
fi
CP="$ROOT/$T/classes:$ROOT/$T/test-classes:$ROOT/$T/lib/*"

P="mx20r$$"                  # unique namespace prefix: several runs may share the machine
WORK=$(mktemp -d /tmp/mx20-netns.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for n in sender relay primary dns net; do ip netns del "$P-$n" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- the network ----------------------------------------------------------------------------------------
ip netns add "$P-net"
ip -n "$P-net" link add br0 type bridge
ip -n "$P-net" link set br0 up
i=0
for n in sender relay primary dns; do
  ip netns add "$P-$n"
  ip -n "$P-$n" link set lo up
  ip link add "$P$i" type veth peer name eth0 netns "$P-$n"
  ip link set "$P$i" netns "$P-net"
  ip -n "$P-net" link set "$P$i" master br0 up
  ip -n "$P-$n" link set eth0 up
  i=$((i+1))
done
ip netns exec "$P-sender" sysctl -qw net.ipv6.conf.all.disable_ipv6=1     # IPv4-only host
ip -n "$P-sender" addr add 192.0.2.10/24 dev eth0
ip -n "$P-relay"  addr add 192.0.2.1/24 dev eth0
ip -n "$P-relay"  addr add 2001:db8::20/64 dev eth0 nodad
ip -n "$P-primary" addr add 2001:db8::1/64 dev eth0 nodad              # IPv6-only host: no IPv4 address
ip -n "$P-dns"    addr add 192.0.2.53/24 dev eth0

# --- DNS ----------------------------------------------------------------------------------------------------
cat > "$WORK/example.com.zone" <<'ZONE'
$ORIGIN example.com.
@       300 IN SOA ns1 hostmaster 1 3600 600 86400 300
@       300 IN NS  ns1
@       300 IN MX  10 v6only
@       300 IN MX  20 relay
ns1     300 IN A   192.0.2.53
v6only  300 IN AAAA 2001:db8::1
relay   300 IN A   192.0.2.1
relay   300 IN AAAA 2001:db8::20
ZONE
cat > "$WORK/v4only.zone" <<'ZONE'
$ORIGIN v4only.example.net.
@       300 IN SOA ns1 hostmaster 1 3600 600 86400 300
@       300 IN NS  ns1
@       300 IN MX  10 mx
ns1     300 IN A   192.0.2.53
mx      300 IN A   192.0.2.10
ZONE
ip netns exec "$P-dns" "$JAVA" -Xmx64m -cp "$CP" dev.mx20.relay.e2e.DnsServerMain 192.0.2.53 "$WORK/dns.port" \
  "$WORK/example.com.zone" "$WORK/v4only.zone" > "$WORK/dns.log" 2>&1 &
PIDS+=($!)

# --- SMTP sinks: the primary (IPv6 only) and the IPv4-only destination on the sender host -------------------
mkdir -p "$WORK/primary" "$WORK/v4dest"; chmod 777 "$WORK/primary" "$WORK/v4dest"
ip netns exec "$P-primary" "$SINK" -u nobody -d "$WORK/primary/%Y%m%d%H%M%S." '[2001:db8::1]:25' 64 > "$WORK/primary.log" 2>&1 &
PIDS+=($!)
ip netns exec "$P-sender" "$SINK" -u nobody -d "$WORK/v4dest/%Y%m%d%H%M%S." 192.0.2.10:25 64 > "$WORK/v4dest.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 100); do [ -s "$WORK/dns.port" ] && break; sleep 0.1; done
[ -s "$WORK/dns.port" ] || { cat "$WORK/dns.log"; echo "netns e2e: FAIL: DNS did not start"; exit 1; }
DNS_PORT=$(cat "$WORK/dns.port")

# --- the relay ----------------------------------------------------------------------------------------------
printf 'alice@example.com\nbob@example.com\n' > "$WORK/recipients"
cat > "$WORK/relay.cf" <<CF
myhostname = relay.example.com
inet_interfaces = 192.0.2.1, 2001:db8::20
smtpd_port = 25
relay_domains = example.com
relay_recipient_maps = $WORK/recipients
mynetworks = [2001:db8::1]/128
queue_directory = $WORK/spool
dns_servers = 192.0.2.53:$DNS_PORT
smtp_tls_security_level = none
smtp_connect_timeout = 5s
CF
ip netns exec "$P-relay" "$JAVA" -Xmx256m -cp "$CP" dev.mx20.relay.RelayMain -c "$WORK/relay.cf" run > "$WORK/relay.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 300); do
  ip netns exec "$P-sender" bash -c 'exec 3<>/dev/tcp/192.0.2.1/25' 2>/dev/null && break; sleep 0.1
done

fail() { echo "netns e2e: FAIL: $*"; echo "--- relay.log"; tail -40 "$WORK/relay.log"; exit 1; }
wait_for() { # dir pattern
  for _ in $(seq 150); do grep -qs -- "$2" "$1"/* && return 0; sleep 0.2; done; return 1
}

# 1. IPv4-only sender -> relay -> IPv6-only primary
out=$(ip netns exec "$P-sender" "$SWAKS" --server 192.0.2.1 --helo sender.example --from someone@v4only.example.net \
  --to alice@example.com --header "Subject: netns inbound" 2>&1) || fail "sender could not hand mail to the relay: $out"
wait_for "$WORK/primary" "netns inbound" || fail "primary never got the message"
grep -qs "X-Client-Addr: ipv6:2001:db8::20" "$WORK/primary"/* || fail "primary got it, but not from the relay over IPv6"
echo "netns e2e: ok: IPv4 sender -> relay -> primary over IPv6"

# 2. the relay is not an open relay and knows its recipients
out=$(ip netns exec "$P-sender" "$SWAKS" --server 192.0.2.1 --from a@v4only.example.net --to nobody@example.com 2>&1) || true
grep -q "550 5.1.1" <<<"$out" || fail "unknown recipient not refused with 550 5.1.1: $out"
out=$(ip netns exec "$P-sender" "$SWAKS" --server 192.0.2.1 --from a@v4only.example.net --to x@v4only.example.net 2>&1) || true
grep -q "554 5.7.1" <<<"$out" || fail "foreign domain not refused with 554 5.7.1: $out"
echo "netns e2e: ok: 550 5.1.1 for unknown recipients, 554 5.7.1 relay denied for the untrusted sender"

# 3. IPv6-only primary -> relay (smarthost) -> IPv4-only destination
out=$(ip netns exec "$P-primary" "$SWAKS" --server 2001:db8::20 --helo v6only.example.com --from alice@example.com \
  --to someone@v4only.example.net --header "Subject: netns outbound" 2>&1) || fail "primary could not use the relay: $out"
wait_for "$WORK/v4dest" "netns outbound" || fail "IPv4-only destination never got the message"
grep -qs "X-Client-Addr: 192.0.2.1" "$WORK/v4dest"/* || fail "destination got it, but not from the relay over IPv4"
echo "netns e2e: ok: IPv6-only primary -> relay -> IPv4-only destination over IPv4"
echo "netns e2e: PASS"
