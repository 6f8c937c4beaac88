#!/usr/bin/env bash
# The same benchmark as run.sh against Postfix configured as the same relay (relay_domains + relay_recipient_maps,
# relayhost [::1]:sink, fsync on as always in Postfix): smtp-source -> Postfix smtpd (127.0.0.1) -> smtp-sink ([::1]).
# A private Postfix instance (own config and queue directory under /tmp, own ports, chroot off, logging to a file);
# it never listens on :25 and is stopped at the end. Needs root (Postfix's master runs as root).
#
# CPU per message counts every Postfix process: the master's own and reaped children's time plus live children.
#
# Usage: relay-core/src/test/bench/postfix.sh [N=2000] [SIZE=4096] [SESSIONS="1 4 16"]
set -euo pipefail
N=${1:-2000}; SIZE=${2:-4096}; SESSIONS=${3:-"1 4 16"}; WARMUP=${WARMUP:-500}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 2; }
SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
HZ=$(getconf CLK_TCK)
free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET6 if sys.argv[1]==":" else socket.AF_INET); s.bind((sys.argv[2],0)); print(s.getsockname()[1])' "$1" "$2"; }

W=$(mktemp -d /tmp/mx20-pfbench.XXXXXX)
chmod 755 "$W"
SINKPID=""
cleanup() {
  postfix -c "$W/etc" stop >/dev/null 2>&1 || true
  [ -n "$SINKPID" ] && kill "$SINKPID" 2>/dev/null || true
  sleep 1; rm -rf "$W"
}
trap cleanup EXIT

SINK_PORT=$(free_port : ::1)
"$SINK" -u nobody -m 512 '[::1]':"$SINK_PORT" 256 > "$W/sink.log" 2>&1 &
SINKPID=$!

master_pid() { cat "$W/spool/pid/master.pid" 2>/dev/null | tr -d ' '; }
postfix_ticks() { # master self + reaped children + live children
  local m; m=$(master_pid)
  local total; total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$m/stat")
  for c in $(pgrep -P "$m"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
rss_peak_kb() { # largest VmHWM among postfix processes (they are separate processes; no shared peak)
  local m; m=$(master_pid)
  for p in "$m" $(pgrep -P "$m"); do awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null; done | sort -n | tail -1
}
queued() { find "$W/spool/incoming" "$W/spool/active" "$W/spool/deferred" "$W/spool/maildrop" -type f 2>/dev/null | wc -l; }
wait_empty() { local end=$((SECONDS + $1)); while [ $SECONDS -lt $end ]; do [ "$(queued)" = 0 ] && return 0; sleep 0.05; done; return 1; }

printf '%-9s %9s %10s %14s %12s\n' sessions messages msgs/s cpu_ms/msg max_proc_rss_MB
for S in $SESSIONS; do
  PORT=$(free_port . 127.0.0.1)
  rm -rf "$W/etc" "$W/spool" "$W/data"; mkdir -p "$W/etc" "$W/data" "$W/spool"
  chown postfix "$W/data"
  printf 'alice@example.com OK\n' > "$W/etc/recipients"
  cat > "$W/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $W/spool
data_directory = $W/data
myhostname = relay.example.com
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = all
relay_domains = example.com
relay_recipient_maps = texthash:$W/etc/recipients
mynetworks = 192.0.2.0/24
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
relayhost = [::1]:$SINK_PORT
smtp_tls_security_level = none
smtpd_tls_security_level = none
maillog_file = $W/maillog
maillog_file_prefixes = $W
alias_maps =
alias_database =
smtpd_client_connection_count_limit = 100
CF
  # master.cf: Debian's, with the public smtp listener replaced by our loopback port and chroot off.
  awk -v port="$PORT" '
    /^smtp[ \t]+inet/ { print "127.0.0.1:" port " inet n - n - - smtpd"; next }
    /^[a-z0-9]/ && NF >= 8 { $5 = "n" }
    { print }' /etc/postfix/master.cf > "$W/etc/master.cf"
  # Postfix prints fatal errors to stderr only on a terminal: on failure, show its log.
  postfix -c "$W/etc" start >/dev/null 2>&1 || { echo "postfix did not start:"; tail -5 "$W/maillog"; exit 1; }
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
  timeout 300 "$SOURCE" -s "$S" -m "$WARMUP" -l "$SIZE" -f bench@sender.example -t alice@example.com 127.0.0.1:"$PORT"
  wait_empty 120 || { echo "warm-up did not drain"; tail "$W/maillog"; exit 1; }
  c0=$(postfix_ticks); t0=$(date +%s.%N)
  timeout 600 "$SOURCE" -s "$S" -m "$N" -l "$SIZE" -f bench@sender.example -t alice@example.com 127.0.0.1:"$PORT"
  wait_empty 300 || { echo "run did not drain"; tail "$W/maillog"; exit 1; }
  t1=$(date +%s.%N); c1=$(postfix_ticks); rss=$(rss_peak_kb)
  awk -v s="$S" -v n="$N" -v t0="$t0" -v t1="$t1" -v c="$((c1 - c0))" -v hz="$HZ" -v rss="$rss" \
    'BEGIN { printf "%-9s %9d %10.0f %14.2f %12.0f\n", s, n, n / (t1 - t0), c * 1000 / hz / n, rss / 1024 }'
  postfix -c "$W/etc" stop >/dev/null 2>&1
  sleep 1
done
