# Shared by every scenario's run.sh (sourced, not run). It builds one network namespace with documentation
# addresses only, an authoritative DNS server (NSD) and two real, private Postfix instances, lets the
# scenario send one message, and copies the bounce the SENDING Postfix writes into the sender's Maildir.
#
#   address            who
#   192.0.2.53         NSD, authoritative for the zones in lib/zones + <scenario>/zones (resolv.conf of the netns)
#   192.0.2.10         sending Postfix (smtp_bind_address; its smtpd takes the submission and returning bounces)
#   2001:db8:1::10     sending Postfix (smtp_bind_address6)
#   198.51.100.25      receiving Postfix (mx.receiver.example)
#   2001:db8:2::25     receiving Postfix
#   198.51.100.26, 2001:db8:2::26   local addresses with no listener: "Connection refused"
#   198.51.100.99, 2001:db8:2::99   on-link, static neighbour entry, nothing answers: "Connection timed out"
#   2001:db8:dead::/48 no route at all: "Network is unreachable"
#
# The namespace has no link to the host's network, so nothing can leave it. Every wait is bounded; the EXIT
# trap stops both Postfix instances and NSD, kills whatever is left in the namespace, deletes it and
# /etc/netns/<name>.
#
# Variables a scenario may set BEFORE calling genuine_start:
#   SENDER_PROTOCOLS / RECEIVER_PROTOCOLS   Postfix inet_protocols (default: all); SENDER_PROTOCOLS also makes a
#                                           sender in sender_namespace (Courier, Haraka, Sendmail) single-stack
#                                           and sets OpenSMTPD's source addresses
#   SENDER / RECEIVER                       postfix (default), exim (see exim_instance) or sendmail;
#                                           SENDER=opensmtpd too
#   EXIM_QUEUE_INTERVAL                     Exim's -q queue-run interval (default 30m)
#   MAIL_FROM                               envelope sender (default alice@sender.example); its mailbox on the
#                                           sending Postfix is where bounces land
#   RCPT_TO                                 space-separated recipients (default bob@receiver.example)
# Files a scenario directory may hold:
#   zones/<zone>.zone   extra zones, or replacements for lib/zones files of the same name
#   zones/<zone>.servfail   (empty) a zone NSD serves but cannot load: every query for it gets SERVFAIL
#   sender.cf, receiver.cf   `postconf -e` lines applied on top of the base main.cf of that instance

set -euo pipefail

GENUINE_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GENUINE_ROOT=$(cd "$GENUINE_LIB/.." && pwd)
REPO_ROOT=$(cd "$GENUINE_ROOT/../../../.." && pwd)
SCENARIO_DIR=$(cd "$(dirname "$0")" && pwd)
SCENARIO=$(basename "$SCENARIO_DIR")
: "${SENDER_PROTOCOLS:=all}" "${RECEIVER_PROTOCOLS:=all}"
: "${MAIL_FROM:=alice@sender.example}" "${RCPT_TO:=bob@receiver.example}"
: "${FIXTURES:=$REPO_ROOT/dsn-core/src/test/resources/fixtures}"

skip() { echo "genuine/$SCENARIO: SKIP: $*"; exit 0; }
die() { echo "genuine/$SCENARIO: FAIL: $*" >&2; genuine_logs >&2; exit 1; }
say() { echo "genuine/$SCENARIO: $*"; }

[ "$(id -u)" = 0 ] || skip "needs root (network namespaces, Postfix instances)"
for tool in ip nsd nsd-checkzone postfix postconf swaks; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || skip "needs $tool (apt-get install postfix nsd swaks iproute2)"
done
export PATH="$PATH:/usr/sbin:/sbin"

NS="genuine$$"
W=$(mktemp -d /tmp/genuine.XXXXXX)
chmod 755 "$W"
NSD_PID=""
EXIM_PIDS=()
INSTANCES=()

genuine_cleanup() {
  set +e
  for inst in "${INSTANCES[@]}"; do
    ip netns exec "$NS" postfix -c "$W/$inst/etc" stop >/dev/null 2>&1
  done
  [ -n "$NSD_PID" ] && kill "$NSD_PID" 2>/dev/null
  for pid in "${EXIM_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 0.5
  # Whatever still runs in the namespace was started by this script (Postfix daemons, NSD, Exim and the
  # queue runners it forks every second); a few rounds, since a runner may start while we kill.
  for _ in 1 2 3; do
    pids=$(ip netns pids "$NS" 2>/dev/null)
    [ -z "$pids" ] && break
    for pid in $pids; do kill -9 "$pid" 2>/dev/null; done
    sleep 0.3
  done
  if [ -n "${SNS:-}" ]; then
    for pid in $(ip netns pids "$SNS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$SNS" 2>/dev/null
  fi
  ip netns del "$NS" 2>/dev/null
  rm -rf "/etc/netns/$NS"
  if [ -n "${KEEP:-}" ]; then echo "genuine/$SCENARIO: kept $W"; else rm -rf "$W"; fi
}
trap genuine_cleanup EXIT
trap 'exit 143' TERM INT

in_ns() { ip netns exec "$NS" "$@"; }

genuine_logs() {
  for inst in "${INSTANCES[@]}"; do
    [ -f "$W/$inst/maillog" ] && { echo "--- $inst maillog"; tail -n 30 "$W/$inst/maillog"; }
  done
  for d in "$W"/*/log; do [ -d "$d" ] && { echo "--- exim logs $d"; tail -n 20 "$d"/*; }; done
  [ -f "$W/dns/nsd.log" ] && { echo "--- nsd.log"; tail -n 10 "$W/dns/nsd.log"; }
  return 0
}

# --- network --------------------------------------------------------------------------------------------
genuine_network() {
  ip netns add "$NS"
  ip -n "$NS" link set lo up
  # A veth pair inside the namespace stands in for the "Internet" link (no dummy driver everywhere); d1 has
  # no address, so frames to a neighbour that does not exist go nowhere.
  ip -n "$NS" link add d0 type veth peer name d1
  ip -n "$NS" link set d1 up
  ip -n "$NS" link set d0 up
  for a in 192.0.2.53/24 192.0.2.10/24 198.51.100.25/24 198.51.100.26/24; do ip -n "$NS" addr add "$a" dev d0; done
  for a in 2001:db8::53/64 2001:db8:1::10/64 2001:db8:2::25/64 2001:db8:2::26/64; do
    ip -n "$NS" addr add "$a" dev d0 nodad
  done
  # Neighbours that never answer: SYNs leave, nothing comes back ("Connection timed out").
  ip -n "$NS" neigh add 198.51.100.99 lladdr 02:00:00:00:00:99 dev d0 nud permanent
  ip -n "$NS" neigh add 2001:db8:2::99 lladdr 02:00:00:00:00:99 dev d0 nud permanent
  # `ip netns exec` bind-mounts this over /etc/resolv.conf for everything started in the namespace.
  mkdir -p "/etc/netns/$NS"
  printf 'nameserver 192.0.2.53\noptions timeout:2 attempts:1\n' > "/etc/netns/$NS/resolv.conf"
  printf '127.0.0.1 localhost\n::1 localhost\n' > "/etc/netns/$NS/hosts"
}

# sender_namespace: moves the sending MTA's addresses (192.0.2.10, 2001:db8:1::10) out of the main namespace
# into a namespace of their own ($SNS), linked to the main one by a veth pair. Needed by an MTA that takes
# every local address for itself (Courier refuses to deliver to an MX whose address is one of its host's:
# "mail loops back to myself"), which in the single namespace would be the receiver's. No forwarding: the
# sender reaches NSD and the receiver (local addresses of the main namespace) and nothing else.
sender_namespace() {
  SNS="${NS}s"
  ip netns add "$SNS"
  ip -n "$SNS" link set lo up
  ip -n "$NS" addr del 192.0.2.10/24 dev d0
  ip -n "$NS" addr del 2001:db8:1::10/64 dev d0
  ip -n "$NS" link add c0 type veth peer name c1 netns "$SNS"
  ip -n "$NS" link set c0 up
  ip -n "$SNS" link set c1 up
  ip -n "$SNS" addr add 192.0.2.10/32 dev c1
  ip -n "$SNS" addr add 2001:db8:1::10/128 dev c1 nodad
  ip -n "$NS" route add 192.0.2.10/32 dev c0
  # Routes only to the main namespace's prefixes, as it has them: anything else (2001:db8:dead::/48) is
  # "Network is unreachable" here too. The main side answers ARP for any of its addresses on c0 (arp_ignore
  # 0); IPv6 goes by link-local next hops.
  ip -n "$SNS" route add 192.0.2.0/24 via 192.0.2.53 dev c1 onlink
  ip -n "$SNS" route add 198.51.100.0/24 via 192.0.2.53 dev c1 onlink
  local ll0 ll1
  for _ in $(seq 50); do
    ll0=$(ip -n "$NS" -6 -o addr show dev c0 scope link | awk '{print $4}' | cut -d/ -f1)
    ll1=$(ip -n "$SNS" -6 -o addr show dev c1 scope link | awk '{print $4}' | cut -d/ -f1)
    [ -n "$ll0" ] && [ -n "$ll1" ] && break
    sleep 0.1
  done
  ip -n "$SNS" -6 route add 2001:db8::/64 via "$ll0" dev c1
  ip -n "$SNS" -6 route add 2001:db8:2::/64 via "$ll0" dev c1
  ip -n "$NS" -6 route add 2001:db8:1::10/128 via "$ll1" dev c0
  # SENDER_PROTOCOLS makes the host single-stack by its network, not by any setting of the MTA (which most of
  # them lack): ipv6 deletes the route to the receivers' IPv4 prefix (an IPv6-only host whose resolver is still
  # reached over IPv4), ipv4 deletes the global IPv6 address and every IPv6 route (a host without IPv6).
  case "$SENDER_PROTOCOLS" in
    ipv6) ip -n "$SNS" route del 198.51.100.0/24 ;;
    ipv4) ip -n "$SNS" -6 route del 2001:db8::/64; ip -n "$SNS" -6 route del 2001:db8:2::/64
          ip -n "$SNS" addr del 2001:db8:1::10/128 dev c1 ;;
  esac
}

# --- DNS --------------------------------------------------------------------------------------------------
genuine_dns() {
  mkdir -p "$W/dns"
  cp "$GENUINE_LIB"/zones/*.zone "$W/dns/"
  for z in "$SCENARIO_DIR"/zones/*.zone; do [ -e "$z" ] && cp "$z" "$W/dns/"; done
  {
    printf 'server:\n  ip-address: 192.0.2.53\n  port: 53\n  username: ""\n  chroot: ""\n'
    printf '  zonesdir: "%s"\n  database: ""\n  zonelistfile: "%s/zone.list"\n' "$W/dns" "$W/dns"
    printf '  xfrdfile: "%s/xfrd.state"\n  xfrdir: "%s"\n  pidfile: "%s/nsd.pid"\n' "$W/dns" "$W/dns" "$W/dns"
    printf '  logfile: "%s/nsd.log"\n  server-count: 1\n  verbosity: 1\n' "$W/dns"
    printf 'remote-control:\n  control-enable: no\n'
    for z in "$W"/dns/*.zone; do
      zone=$(basename "$z" .zone)
      nsd-checkzone "$zone" "$z" >/dev/null || die "zone $zone does not load"
      printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' "$zone" "$z"
    done
    # <zone>.servfail: a zone NSD is configured for but cannot load; NSD answers SERVFAIL for it.
    for z in "$SCENARIO_DIR"/zones/*.servfail; do
      [ -e "$z" ] || continue
      printf 'zone:\n  name: "%s"\n  zonefile: "%s/missing.zone"\n' "$(basename "$z" .servfail)" "$W/dns"
    done
  } > "$W/dns/nsd.conf"
  in_ns nsd -d -c "$W/dns/nsd.conf" > "$W/dns/nsd.out" 2>&1 &
  NSD_PID=$!
  for _ in $(seq 50); do
    in_ns getent ahostsv4 mta.sender.example >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  cat "$W/dns/nsd.out" >&2
  die "NSD does not answer"
}

# --- Postfix instances ------------------------------------------------------------------------------------
# postfix_instance <name> <inet_protocols> <scenario .cf file> <main.cf lines...>
postfix_instance() {
  local name=$1 protocols=$2 extra=$3; shift 3
  local d="$W/$name"
  mkdir -p "$d/etc" "$d/queue" "$d/data" "$d/mail"
  chown postfix "$d/data"; chown 65534:65534 "$d/mail"
  cp "$GENUINE_LIB/master.cf" "$d/etc/master.cf"
  {
    echo "compatibility_level = 3.6"
    echo "queue_directory = $d/queue"
    echo "data_directory = $d/data"
    echo "mail_owner = postfix"
    echo "setgid_group = postdrop"
    echo "maillog_file = $d/maillog"
    echo "maillog_file_prefixes = $W"
    echo "inet_protocols = $protocols"
    echo "alias_maps ="
    echo "alias_database ="
    echo "biff = no"
    echo "append_dot_mydomain = no"
    echo "smtp_tls_security_level = none"
    echo "smtpd_tls_security_level = none"
    echo "virtual_mailbox_base = $d/mail"
    echo "virtual_uid_maps = static:65534"
    echo "virtual_gid_maps = static:65534"
    printf '%s\n' "$@"
  } > "$d/etc/main.cf"
  if [ -f "$extra" ]; then
    while IFS= read -r line; do
      case "$line" in ''|'#'*) continue ;; esac
      postconf -c "$d/etc" -e "$line"
    done < "$extra"
  fi
  INSTANCES+=("$name")
  in_ns postfix -c "$d/etc" start >"$d/start.log" 2>&1 || { cat "$d/start.log" >&2; die "postfix $name does not start"; }
}

# addresses of an instance for the given inet_protocols
# unpack_debs ROOT PACKAGE...: `apt-get download` the packages (MTAs that conflict with postfix are never
# installed) and `dpkg -x` each into ROOT; the scenario is skipped when they cannot be fetched.
unpack_debs() {
  local root=$1 dl deb p
  shift
  dl=$(dirname "$root")
  mkdir -p "$dl"
  (cd "$dl" && apt-get download "$@" >/dev/null \
    && for p in "$@"; do for deb in "$p"_*.deb; do dpkg -x "$deb" "$root"; done; done) \
    || skip "cannot fetch $* with apt-get download"
}

# await_smtp ADDRESS NAME LOG...: wait up to 10 s until ADDRESS port 25 accepts a connection inside the
# namespace; otherwise print the logs and fail.
await_smtp() {
  local address=$1 name=$2
  shift 2
  for _ in $(seq 50); do
    in_ns bash -c "exec 3<>/dev/tcp/$address/25" 2>/dev/null && return 0
    sleep 0.2
  done
  cat "$@" >&2 2>/dev/null
  die "$name does not listen"
}

addrs_for() { # protocols v4 v6
  case "$1" in ipv4) echo "$2" ;; ipv6) echo "[$3]" ;; *) echo "$2, [$3]" ;; esac
}

# exim_instance <role> <listen address>: Debian's Exim (exim4-daemon-light; the package conflicts with
# postfix, so it is unpacked with `apt-get download` + `dpkg -x` into $EXIM_ROOT) as the sending or the
# receiving MTA, configured by lib/exim-<role>.conf, preceded by the scenario's exim-<role>.conf main-section
# lines if it has one. It runs in a private mount namespace in which $EXIM_ROOT/usr/sbin is mounted over
# /usr/sbin (Exim re-executes itself from its compiled-in path) and /etc/passwd, /etc/group gain the
# Debian-exim user Exim is compiled to run as (mapped to nobody's uid); the host's files stay untouched.
exim_instance() {
  local role=$1 listen=$2
  : "${EXIM_ROOT:=/tmp/genuine-exim/root}"
  if [ ! -x "$EXIM_ROOT/usr/sbin/exim4" ]; then
    unpack_debs "$EXIM_ROOT" exim4-daemon-light exim4-base
  fi
  ldd "$EXIM_ROOT/usr/sbin/exim4" | grep -q 'not found' && skip "exim4's libraries are missing (apt-get install libidn12)"
  local e="$W/$role"
  mkdir -p "$e/spool" "$e/log" "$e/mail"
  chown -R 65534:65534 "$e"
  {
    if [ -f "$SCENARIO_DIR/exim-$role.conf" ]; then cat "$SCENARIO_DIR/exim-$role.conf"; fi
    sed "s|@W@|$W|g" "$GENUINE_LIB/exim-$role.conf"
  } > "$e/exim.conf"
  { cat /etc/passwd; echo "Debian-exim:x:65534:65534:Exim:/nonexistent:/usr/sbin/nologin"; } > "$e/passwd"
  { cat /etc/group; echo "Debian-exim:x:65534:"; } > "$e/group"
  in_ns unshare -m sh -c "mount --bind '$EXIM_ROOT/usr/sbin' /usr/sbin && mount --bind '$e/passwd' /etc/passwd \
    && mount --bind '$e/group' /etc/group && exec /usr/sbin/exim4 -C '$e/exim.conf' -bdf -q${EXIM_QUEUE_INTERVAL:-30m}" > "$e/daemon.out" 2>&1 &
  EXIM_PIDS+=($!)
  await_smtp "$listen" "Exim ($role)" "$e/daemon.out" "$e"/log/*
}

# sendmail_instance ROLE HOST USER ADDRESS QUEUE_INTERVAL [NETNS]: Debian's Sendmail (sendmail-bin, which conflicts
# with postfix, unpacked with `apt-get download` + `dpkg -x` into $SENDMAIL_ROOT; sendmail.cf built with m4 from
# sendmail-cf, lib/sendmail-ROLE.mc and the scenario's sendmail-ROLE.m4) in $W/ROLE. It runs in private mount and
# UTS namespaces: hostname HOST (Sendmail insists on a resolvable name), /var/mail is the run's directory
# (mail.local writes USER's mbox there) and /etc/passwd gains USER (nobody's uid); the host's files stay
# untouched. Returns once ADDRESS port 25 answers.
sendmail_instance() {
  local role=$1 host=$2 user=$3 address=$4 queue_interval=$5 netns=${6:-$NS} family_filter=()
  : "${SENDMAIL_ROOT:=/tmp/genuine-sendmail/root}"
  if [ ! -x "$SENDMAIL_ROOT/usr/libexec/sendmail/sendmail" ]; then
    unpack_debs "$SENDMAIL_ROOT" sendmail-bin sendmail-base sendmail-cf
  fi
  command -v m4 >/dev/null || skip "needs m4 (apt-get install m4)"
  local smbin="$SENDMAIL_ROOT/usr/libexec/sendmail"
  ldd "$smbin/sendmail" "$smbin/mail.local" | grep -q 'not found' \
    && skip "sendmail's libraries are missing (apt-get install libwrap0 liblockfile1)"
  local d="$W/$role"
  mkdir -p "$d/mqueue" "$d/varmail"
  chmod 700 "$d/mqueue"; chmod 1777 "$d/varmail"
  printf 'postmaster: %s\nMAILER-DAEMON: postmaster\n' "$user" > "$d/aliases"; : > "$d/statistics"
  if [ -f "$SCENARIO_DIR/sendmail-$role.m4" ]; then cp "$SCENARIO_DIR/sendmail-$role.m4" "$d/scenario.m4"; fi
  # a host without IPv6 (SENDER_PROTOCOLS=ipv4, sender_namespace deleted its address): no IPv6 listener or source
  [ "$role" = sender ] && [ "$SENDER_PROTOCOLS" = ipv4 ] && family_filter=(-e '/Family=inet6/d')
  sed -e "s|@W@|$W|g" -e "s|@CF@|$SENDMAIL_ROOT/usr/share/sendmail/cf|g" -e "s|@SMBIN@|$smbin|g" "${family_filter[@]}" \
    "$GENUINE_LIB/sendmail-$role.mc" > "$d/sendmail.mc"
  m4 "$d/sendmail.mc" > "$d/sendmail.cf" 2>"$d/m4.log" || { cat "$d/m4.log" >&2; die "m4 cannot build sendmail.cf"; }
  { cat /etc/passwd; echo "$user:x:65534:65534:$user:/nonexistent:/usr/sbin/nologin"; } > "$d/passwd"
  # resolv.conf and hosts bound explicitly: `ip netns exec` binds /etc/netns/<name>/ only for the main namespace
  ip netns exec "$netns" unshare -m -u sh -c "hostname $host && mount --bind '$d/passwd' /etc/passwd \
    && mount --bind '/etc/netns/$NS/resolv.conf' /etc/resolv.conf && mount --bind '/etc/netns/$NS/hosts' /etc/hosts \
    && mount --bind '$d/varmail' /var/mail && '$smbin/sendmail' -C '$d/sendmail.cf' -bi >/dev/null \
    && exec '$smbin/sendmail' -C '$d/sendmail.cf' -bD -q$queue_interval" \
    > "$d/daemon.out" 2>&1 &
  EXIM_PIDS+=($!)
  await_smtp "$address" "Sendmail ($role)" "$d/daemon.out"
}

# sendmail_sender: Sendmail as the sending MTA (mta.sender.example; bounces go to alice's mbox). Sendmail has no
# setting that keeps it off one address family (it connects to every address the MX lookup gives), so a
# single-stack Sendmail (SENDER_PROTOCOLS ipv4 or ipv6) runs in sender_namespace, on a host whose network is so.
sendmail_sender() {
  local netns=$NS
  if [ "$SENDER_PROTOCOLS" != all ]; then sender_namespace; netns=$SNS; fi
  sendmail_instance sender mta.sender.example alice 192.0.2.10 1s "$netns"
}

# sendmail_receiver: Sendmail as the RECEIVING MTA (mx.receiver.example, both families; the user bob).
sendmail_receiver() { sendmail_instance receiver mx.receiver.example bob 198.51.100.25 30m; }

# opensmtpd_workdir DIR USER: OpenSMTPD unpacked into $OPENSMTPD_ROOT (once) with its libraries present, and the
# run's directories for one instance: spool, var/lib, run and USER's mailbox directory (nobody's uid).
opensmtpd_workdir() {
  : "${OPENSMTPD_ROOT:=/tmp/genuine-opensmtpd/root}"
  if [ ! -x "$OPENSMTPD_ROOT/usr/sbin/smtpd" ]; then
    unpack_debs "$OPENSMTPD_ROOT" opensmtpd
  fi
  ldd "$OPENSMTPD_ROOT/usr/sbin/smtpd" | grep -q 'not found' && skip "smtpd's libraries are missing (apt-get install libevent-2.1-7 libdb5.3)"
  mkdir -p "$1/spool" "$1/varlib/opensmtpd/empty" "$1/mail/$2" "$1/run"
  chown -R 65534:65534 "$1/mail"
}

# opensmtpd_start DIR HOSTNAME USER: starts the unpacked smtpd with DIR/smtpd.conf in private mount and UTS
# namespaces (see opensmtpd_sender), /etc/passwd and /etc/group gaining opensmtpd, opensmtpq and USER (nobody's
# uid, mailbox DIR/mail/USER); its pid joins EXIM_PIDS, which the cleanup kills.
opensmtpd_start() {
  local d="$1" host="$2" user="$3"
  { cat /etc/passwd; echo "opensmtpd:x:65534:65534:OpenSMTPD:/nonexistent:/usr/sbin/nologin"
    echo "opensmtpq:x:65534:65534:OpenSMTPD queue:/nonexistent:/usr/sbin/nologin"
    echo "$user:x:65534:65534:${user^}:$d/mail/$user:/usr/sbin/nologin"; } > "$d/passwd"
  { cat /etc/group; echo "opensmtpd:x:65534:"; echo "opensmtpq:x:65534:"; } > "$d/group"
  in_ns unshare -m -u sh -c "hostname $host \
    && mount -t overlay overlay -o 'lowerdir=$OPENSMTPD_ROOT/usr/sbin:/usr/sbin' /usr/sbin \
    && mount -t overlay overlay -o 'lowerdir=$OPENSMTPD_ROOT/usr/libexec:/usr/libexec' /usr/libexec \
    && mount --bind '$d/spool' /var/spool && mount --bind '$d/varlib' /var/lib && mount --bind '$d/run' /run \
    && mount --bind '$d/passwd' /etc/passwd && mount --bind '$d/group' /etc/group \
    && exec /usr/sbin/smtpd -d -f '$d/smtpd.conf'" > "$d/daemon.out" 2>&1 &
  EXIM_PIDS+=($!)
}

# opensmtpd_sender: Debian's OpenSMTPD 6.8 (opensmtpd, which conflicts with postfix, unpacked with `apt-get
# download` + `dpkg -x` into $OPENSMTPD_ROOT) as the sending MTA, configured by lib/opensmtpd-sender.conf,
# preceded by the scenario's opensmtpd-sender.conf if it has one. smtpd runs its helpers from compiled-in
# paths (/usr/libexec/opensmtpd, /usr/sbin/smtpctl) and keeps its queue in /var/spool/smtpd, so it runs in
# private mount and UTS namespaces: hostname mta.sender.example, the unpacked /usr/sbin and /usr/libexec laid
# over the host's with overlayfs (read-only), /var/spool, /var/lib and /run (its control socket, /run/smtpd.sock,
# would otherwise be shared with any other OpenSMTPD on the host) replaced by the run's directories and
# /etc/passwd, /etc/group gaining the users opensmtpd, opensmtpq and alice (nobody's uid); the host's files
# stay untouched.
opensmtpd_sender() {
  local d="$W/sender" src local_domains
  opensmtpd_workdir "$d" alice
  case "$SENDER_PROTOCOLS" in ipv4) src=192.0.2.10 ;; ipv6) src=2001:db8:1::10 ;; *) src="192.0.2.10, 2001:db8:1::10" ;; esac
  local_domains="\"sender.example\", \"${MAIL_FROM#*@}\""
  {
    if [ -f "$SCENARIO_DIR/opensmtpd-sender.conf" ]; then cat "$SCENARIO_DIR/opensmtpd-sender.conf"; fi
    sed -e "s|@W@|$W|g" -e "s|@SRC@|$src|g" -e "s|@LOCAL@|$local_domains|g" "$GENUINE_LIB/opensmtpd-sender.conf"
  } > "$d/smtpd.conf"
  opensmtpd_start "$d" mta.sender.example alice
  await_smtp 192.0.2.10 "OpenSMTPD" "$d/daemon.out"
}

# opensmtpd_receiver: the same unpacked OpenSMTPD as the RECEIVING MTA (mx.receiver.example), configured by
# lib/opensmtpd-receiver.conf (preceded by the scenario's opensmtpd-receiver.conf), in its own private mount and
# UTS namespaces like opensmtpd_sender's (hostname mx.receiver.example, its own /var/spool; user bob).
opensmtpd_receiver() {
  local d="$W/receiver"
  opensmtpd_workdir "$d" bob
  {
    if [ -f "$SCENARIO_DIR/opensmtpd-receiver.conf" ]; then cat "$SCENARIO_DIR/opensmtpd-receiver.conf"; fi
    sed -e "s|@W@|$W|g" -e "s|@FROM@|${OPENSMTPD_FROM:-from any}|g" -e "s|@LISTEN@|${OPENSMTPD_LISTEN:-}|g" \
      "$GENUINE_LIB/opensmtpd-receiver.conf"
  } > "$d/smtpd.conf"
  opensmtpd_start "$d" mx.receiver.example bob
  await_smtp 198.51.100.25 "OpenSMTPD (receiver)" "$d/daemon.out"
}

# dma_sender: Debian's dma 0.13 (DragonFly Mail Agent; conflicts with postfix, unpacked with `apt-get download`
# + `dpkg -x` into $DMA_ROOT) as the sending MTA. dma has no SMTP listener and no option for its configuration
# file: send_mail pipes the message to `dma -f`, run by dma_run in private mount and UTS namespaces where /etc
# is the host's overlaid (read-only) with dma/dma.conf, aliases and passwd/group with the user alice, the
# namespace's resolv.conf and hosts bound again on top, /usr/lib gains /usr/lib/dma, and /var/spool and
# /var/mail are the run's directories. MAILNAME is the envelope sender's domain, so dma delivers the bounce to
# alice's mbox itself. dma picks no source address: the kernel does (one of the namespace's addresses).
dma_sender() {
  : "${DMA_ROOT:=/tmp/genuine-dma/root}"
  if [ ! -x "$DMA_ROOT/usr/sbin/dma" ]; then
    unpack_debs "$DMA_ROOT" dma
  fi
  ldd "$DMA_ROOT/usr/sbin/dma" | grep -q 'not found' && skip "dma's libraries are missing"
  local d="$W/sender"
  mkdir -p "$d/etc/dma" "$d/spool/dma" "$d/varmail"
  # Run as root, dma drops to the user mail (its spool belongs to it); dma-mbox-create makes alice's mbox.
  chown mail:mail "$d/spool/dma"; chmod 1777 "$d/varmail"
  printf 'MAILNAME %s\n' "${MAIL_FROM#*@}" > "$d/etc/dma/dma.conf"
  if [ -f "$SCENARIO_DIR/dma.conf" ]; then cat "$SCENARIO_DIR/dma.conf" >> "$d/etc/dma/dma.conf"; fi
  : > "$d/etc/dma/auth.conf"; : > "$d/etc/aliases"
  { cat /etc/passwd; echo "alice:x:65534:65534:Alice:/nonexistent:/usr/sbin/nologin"; } > "$d/etc/passwd"
  cp /etc/group "$d/etc/group"; grep -q '^mail:' "$d/etc/group" || echo "mail:x:8:" >> "$d/etc/group"
}

# dma_run <dma arguments...>: runs the unpacked dma in the namespaces described at dma_sender (stdin passed on).
dma_run() {
  local d="$W/sender"
  in_ns unshare -m -u sh -c "hostname mta.sender.example \
    && mount -t overlay overlay -o 'lowerdir=$d/etc:/etc' /etc \
    && mount --bind '/etc/netns/$NS/resolv.conf' /etc/resolv.conf && mount --bind '/etc/netns/$NS/hosts' /etc/hosts \
    && mount -t overlay overlay -o 'lowerdir=$DMA_ROOT/usr/lib:/usr/lib' /usr/lib \
    && mount --bind '$d/spool' /var/spool && mount --bind '$d/varmail' /var/mail \
    && exec '$DMA_ROOT/usr/sbin/dma' \"\$@\"" dma "$@"
}

# courier_sender: Debian's Courier 1.0.16 (courier-mta, courier-base, courier-authlib, libcourier-unicode4;
# conflicts with postfix, unpacked with `apt-get download` + `dpkg -x` into $COURIER_ROOT) as the sending MTA.
# Only courierd runs (no esmtpd): send_mail pipes the message to Courier's sendmail, as a local client. Its
# compiled-in paths are served in private mount and UTS namespaces: /usr/lib, /usr/sbin and /usr/bin overlaid
# (read-only) with the unpacked package, /etc/courier and /var/lib/courier the run's (written from the package's
# and from the scenario's courier/ files). Courier's local delivery needs courier-authlib's daemon, so it
# delivers nothing locally: the envelope sender is alice@receiver.example, and Courier sends its bounce (DSN)
# to the receiving Postfix, where capture_bounce finds it in alice's Maildir. Courier runs in a namespace of
# its own (sender_namespace): in the shared one the receiver's address would be its own.
# The courier user and group (daemon's uid and gid here) in the instance's /etc overlay, owning its queue and
# configuration. $1: the instance's work directory.
courier_users() {
  local d=$1
  { cat /etc/passwd; echo "courier:x:1:1:Courier:/var/lib/courier:/usr/sbin/nologin"; } > "$d/etc/passwd"
  { cat /etc/group; echo "courier:x:1:"; } > "$d/etc/group"
  chown -R 1:1 "$d/varlib/courier" "$d/courier-etc"
}

# Prints the shell commands that make a private mount and UTS namespace a Courier host: its host name, /etc with
# the instance's users, the namespace's resolv.conf and hosts, the unpacked package's programs, the instance's
# configuration and /var/lib. $1: host name, $2: the instance's work directory.
courier_namespace() {
  local host=$1 d=$2
  echo "hostname $host \
    && mount -t overlay overlay -o 'lowerdir=$d/etc:/etc' /etc \
    && mount --bind '/etc/netns/$NS/resolv.conf' /etc/resolv.conf && mount --bind '/etc/netns/$NS/hosts' /etc/hosts \
    && mount --bind '$d/courier-etc' /etc/courier \
    && mount -t overlay overlay -o 'lowerdir=$COURIER_ROOT/usr/lib:/usr/lib' /usr/lib \
    && mount -t overlay overlay -o 'lowerdir=$COURIER_ROOT/usr/sbin:/usr/sbin' /usr/sbin \
    && mount -t overlay overlay -o 'lowerdir=$COURIER_ROOT/usr/bin:/usr/bin' /usr/bin \
    && mount --bind '$d/varlib' /var/lib"
}

courier_sender() {
  : "${COURIER_ROOT:=/tmp/genuine-courier/root}"
  if [ ! -x "$COURIER_ROOT/usr/lib/courier/courier/courierd" ]; then
    unpack_debs "$COURIER_ROOT" courier-mta courier-base courier-authlib libcourier-unicode4
  fi
  sender_namespace
  local d="$W/sender"
  mkdir -p "$d/etc/courier" "$d/varlib"
  cp -a "$COURIER_ROOT/etc/courier/." "$d/courier-etc/" 2>/dev/null || { mkdir -p "$d/courier-etc"; cp -a "$COURIER_ROOT/etc/courier/." "$d/courier-etc/"; }
  echo mta.sender.example > "$d/courier-etc/me"
  echo sender.example > "$d/courier-etc/defaultdomain"
  echo mta.sender.example > "$d/courier-etc/locals"
  # no TLS (no certificates here); IPv6 as Debian ships it (ESMTP_PREFER_IPV6_MX=1)
  sed -i 's/^ESMTP_USE_STARTTLS=.*/ESMTP_USE_STARTTLS=0/' "$d/courier-etc/courierd"
  if [ -d "$SCENARIO_DIR/courier" ]; then cp "$SCENARIO_DIR"/courier/* "$d/courier-etc/"; fi
  mkdir -p "$d/varlib/courier"
  cp -a "$COURIER_ROOT/var/lib/courier/." "$d/varlib/courier/"
  mkdir -p "$d/varlib/courier/"{msgq,msgs,tmp,track,sts}
  # Courier runs as the user and group courier (here: daemon's uid and gid).
  courier_users "$d"
  COURIER_NS=$(courier_namespace mta.sender.example "$d")
  ip netns exec "$SNS" unshare -m -u sh -c "$COURIER_NS && /usr/sbin/makealiases && cd /usr \
    && exec /usr/bin/env -i /bin/sh -c 'set -a; . /etc/courier/courierd; exec /usr/lib/courier/courier/courierd'" \
    > "$d/daemon.out" 2>&1 &
  EXIM_PIDS+=($!)
  for _ in $(seq 50); do [ -p "$d/varlib/courier/tmp/trigger" ] && return 0; sleep 0.2; done
  cat "$d/daemon.out" >&2
  die "courierd does not start"
}

# haraka_install: Haraka (the Node.js MTA) from npm, pinned, into $HARAKA_ROOT (default /tmp/genuine-haraka);
# nothing is installed system-wide. HARAKA_OVERRIDES pins two transitive dependencies whose newest releases a
# partial registry mirror may lack (encoding-japanese 2.4.0, libqp 2.1.2: same APIs); empty on a full registry.
HARAKA_VERSION=3.3.4
haraka_install() {
  : "${HARAKA_ROOT:=/tmp/genuine-haraka}"
  command -v node >/dev/null && command -v npm >/dev/null || skip "needs node and npm (apt-get install nodejs npm)"
  if [ ! -f "$HARAKA_ROOT/node_modules/Haraka/bin/haraka" ]; then
    mkdir -p "$HARAKA_ROOT"
    printf '{"name":"genuine-haraka","private":true,"overrides":{%s}}\n' \
      "${HARAKA_OVERRIDES-\"encoding-japanese\":\"2.4.0\",\"libqp\":\"2.1.2\"}" > "$HARAKA_ROOT/package.json"
    (cd "$HARAKA_ROOT" && timeout 300 npm install --no-audit --no-fund "Haraka@$HARAKA_VERSION" > npm.log 2>&1) \
      || skip "cannot npm install Haraka@$HARAKA_VERSION (see $HARAKA_ROOT/npm.log)"
  fi
}

# haraka_config DIR LISTEN ME PLUGINS...: a Haraka configuration directory: smtp.ini listening on LISTEN (a
# comma-separated list of address:port), `me` = ME, the plugins listed, logs at info on stdout, no TLS, and the
# scenario's haraka-<role>/ files copied on top (ini files of plugins, outbound.ini, ...; <file>.sed edits <file>).
haraka_config() {
  local d=$1 listen=$2 me=$3 role=$4; shift 4
  mkdir -p "$d/config" "$d/queue"
  # Haraka's shipped defaults first (connection.ini's greeting and messages, ...), as `haraka -i` would copy
  cp -r "$HARAKA_ROOT/node_modules/Haraka/config/." "$d/config/"
  printf '[main]\nlisten=%s\n' "$listen" > "$d/config/smtp.ini"
  echo "$me" > "$d/config/me"
  printf '%s\n' "$@" > "$d/config/plugins"
  printf '[main]\nlevel=info\ntimestamps=true\n' > "$d/config/log.ini"
  printf '[main]\nenable_tls=false\nconnect_timeout=5\n' > "$d/config/outbound.ini"
  : > "$d/config/host_list"
  if [ -d "$SCENARIO_DIR/haraka-$role" ]; then cp "$SCENARIO_DIR/haraka-$role"/* "$d/config/"; fi
  # <file>.sed: a sed script applied to Haraka's shipped <file> (one setting changed, the rest kept)
  local script
  for script in "$d"/config/*.sed; do
    [ -e "$script" ] || continue
    sed -i -f "$script" "${script%.sed}" && rm "$script"
  done
}

# haraka_run NETNS DIR [VAR=value...]: starts `haraka -c DIR` in NETNS (with the environment variables given), in
# a private mount namespace whose /etc/resolv.conf and /etc/hosts are the run's (node's resolver reads them).
haraka_run() {
  local netns=$1 d=$2
  shift 2
  ip netns exec "$netns" env "$@" unshare -m sh -c "mount --bind '/etc/netns/$NS/resolv.conf' /etc/resolv.conf \
    && mount --bind '/etc/netns/$NS/hosts' /etc/hosts \
    && exec node '$HARAKA_ROOT/node_modules/Haraka/bin/haraka' -c '$d'" > "$d/haraka.log" 2>&1 &
  EXIM_PIDS+=($!)
}

# haraka_sender: Haraka $HARAKA_VERSION as the sending MTA. The relay plugin lets the submission (from the
# main namespace) relay, and outbound delivers: `temp_fail_intervals=none` makes a temporary failure final at
# once (the bounce Haraka writes when its retries run out, without the wait). Haraka binds no source address,
# so it runs in a namespace of its own (sender_namespace) whose only addresses are the sender's; SENDER_PROTOCOLS
# =ipv6 / ipv4 makes that namespace single-stack (see sender_namespace). Haraka delivers nothing locally, so, as with
# Courier, the envelope sender is alice@receiver.example and the bounce is found in her Maildir at the receiver.
haraka_sender() {
  haraka_install
  sender_namespace
  local d="$W/sender"
  haraka_config "$d" "192.0.2.10:25" mta.sender.example sender relay
  printf '[relay]\nacl=true\n' > "$d/config/relay.ini"
  printf '192.0.2.0/24\n198.51.100.0/24\n2001:db8::/32\n' > "$d/config/relay_acl_allow"
  printf 'temp_fail_intervals=none\n' >> "$d/config/outbound.ini"
  if [ -f "$SCENARIO_DIR/haraka-outbound.ini" ]; then cat "$SCENARIO_DIR/haraka-outbound.ini" >> "$d/config/outbound.ini"; fi
  haraka_run "$SNS" "$d"
  await_smtp 192.0.2.10 "Haraka (sender)" "$d/haraka.log"
}

# haraka_receiver: Haraka $HARAKA_VERSION as the RECEIVING MTA (mx.receiver.example, both families). Plugins:
# access (recipients in rcpt_to.access.whitelist, bob's, are accepted; any other gets Haraka's own
# "I cannot deliver mail for <...>") and queue/discard, plus the scenario's haraka-receiver/plugins.extra.
haraka_receiver() {
  haraka_install
  local d="$W/receiver" extra=()
  if [ -f "$SCENARIO_DIR/haraka-receiver/plugins.extra" ]; then mapfile -t extra < "$SCENARIO_DIR/haraka-receiver/plugins.extra"; fi
  haraka_config "$d" "198.51.100.25:25,[2001:db8:2::25]:25" mx.receiver.example receiver "${extra[@]}" access queue/discard
  rm -f "$d/config/plugins.extra"
  printf '[check]\nconn=false\nmail=false\nrcpt=true\n[rcpt]\naccept=true\n' > "$d/config/access.ini"
  printf 'bob@receiver.example\n' > "$d/config/rcpt_to.access.whitelist"
  # queue/discard accepts (250) and drops only when told to: YES_REALLY_DO_DISCARD
  haraka_run "$NS" "$d" YES_REALLY_DO_DISCARD=1
  await_smtp 198.51.100.25 "Haraka (receiver)" "$d/haraka.log"
}

# nullmailer_sender: Debian's nullmailer 2.2 (conflicts with postfix: `apt-get download` + `dpkg -x` into
# $NULLMAILER_ROOT) as the sending MTA. nullmailer has no MX lookup: it hands every message to its smarthost
# ("remotes"), here the receiving Postfix at NULLMAILER_REMOTE (default 198.51.100.25; the source address is
# the sender's, `--source`), and when the smarthost refuses a message for good nullmailer-send moves it to the
# failed queue and mails a bounce written by nullmailer-dsn to the envelope sender, through the same smarthost.
# So, as with Courier and Haraka, the envelope sender is alice@receiver.example and the bounce is found in her
# Maildir at the receiver. Its compiled-in paths are served in private mount and UTS namespaces (NULLMAILER_NS):
# /usr/sbin, /usr/bin, /usr/lib and /etc overlaid (read-only) with the unpacked package and the run's
# /etc/nullmailer and /etc/mailname, /var/spool the run's directory.
nullmailer_sender() {
  : "${NULLMAILER_ROOT:=/tmp/genuine-nullmailer/root}"
  if [ ! -x "$NULLMAILER_ROOT/usr/sbin/nullmailer-send" ]; then
    unpack_debs "$NULLMAILER_ROOT" nullmailer
  fi
  ldd "$NULLMAILER_ROOT/usr/sbin/nullmailer-send" "$NULLMAILER_ROOT/usr/lib/nullmailer/smtp" | grep -q 'not found' \
    && skip "nullmailer's libraries are missing"
  local d="$W/sender" src=192.0.2.10
  case "${NULLMAILER_REMOTE:-198.51.100.25}" in *:*) src=2001:db8:1::10 ;; esac
  local c="$d/etc/nullmailer" q="$d/varspool/nullmailer"
  mkdir -p "$c" "$q/queue" "$q/tmp" "$q/failed"
  mkfifo "$q/trigger"
  chown -R mail:mail "$q"
  echo mta.sender.example > "$d/etc/mailname"
  echo mta.sender.example > "$c/me"
  echo sender.example > "$c/defaultdomain"
  echo "${NULLMAILER_REMOTE:-198.51.100.25} smtp --source=$src" > "$c/remotes"
  echo 1 > "$c/pausetime"
  echo "${NULLMAILER_QUEUELIFETIME:-604800}" > "$c/queuelifetime"
  NULLMAILER_NS="hostname mta.sender.example \
    && mount -t overlay overlay -o 'lowerdir=$NULLMAILER_ROOT/usr/sbin:/usr/sbin' /usr/sbin \
    && mount -t overlay overlay -o 'lowerdir=$NULLMAILER_ROOT/usr/bin:/usr/bin' /usr/bin \
    && mount -t overlay overlay -o 'lowerdir=$NULLMAILER_ROOT/usr/lib:/usr/lib' /usr/lib \
    && mount -t overlay overlay -o 'lowerdir=$d/etc:/etc' /etc \
    && mount --bind '/etc/netns/$NS/resolv.conf' /etc/resolv.conf && mount --bind '/etc/netns/$NS/hosts' /etc/hosts \
    && mount --bind '$d/varspool' /var/spool"
  in_ns unshare -m -u sh -c "$NULLMAILER_NS && exec /usr/sbin/nullmailer-send" > "$d/send.log" 2>&1 &
  EXIM_PIDS+=($!)
}

# courier_receiver: the same unpacked Courier as the RECEIVING MTA (mx.receiver.example, IPv4 198.51.100.25 only:
# the sending Postfix holds port 25 on its own addresses), couriertcpd + courieresmtpd with Debian's esmtpd
# settings (BOFHCHECKDNS=1: the sender's domain must resolve), `locals` receiver.example, the scenario's
# courier-receiver/ files on top (sizelimit, ...), in private mount and UTS namespaces set up as for
# courier_sender. courierd does not run: the scenarios are about what courieresmtpd refuses.
courier_receiver() {
  : "${COURIER_ROOT:=/tmp/genuine-courier/root}"
  if [ ! -x "$COURIER_ROOT/usr/lib/courier/courier/courierd" ]; then
    unpack_debs "$COURIER_ROOT" courier-mta courier-base courier-authlib libcourier-unicode4
  fi
  local d="$W/receiver"
  mkdir -p "$d/etc/courier" "$d/courier-etc" "$d/varlib/courier"
  cp -a "$COURIER_ROOT/etc/courier/." "$d/courier-etc/"
  echo mx.receiver.example > "$d/courier-etc/me"
  echo receiver.example > "$d/courier-etc/defaultdomain"
  printf 'receiver.example\nmx.receiver.example\n' > "$d/courier-etc/locals"
  if [ -d "$SCENARIO_DIR/courier-receiver" ]; then cp "$SCENARIO_DIR"/courier-receiver/* "$d/courier-etc/"; fi
  cp -a "$COURIER_ROOT/var/lib/courier/." "$d/varlib/courier/"
  mkdir -p "$d/varlib/courier/"{msgq,msgs,tmp,track,sts}
  courier_users "$d"
  local courier_ns
  courier_ns=$(courier_namespace mx.receiver.example "$d")
  in_ns unshare -m -u sh -c "$courier_ns && /usr/sbin/makealiases && cd /usr \
    && exec /usr/bin/env -i /bin/sh -c 'set -a; . /etc/courier/esmtpd; exec /usr/sbin/couriertcpd -address=198.51.100.25 \
       -noidentlookup -user=courier -group=courier -maxprocs=10 -pid=/var/lib/courier/esmtpd.pid 25 /usr/sbin/courieresmtpd'" \
    > "$d/daemon.out" 2>&1 &
  EXIM_PIDS+=($!)
  await_smtp 198.51.100.25 "Courier (receiver)" "$d/daemon.out"
}

# capture_mbox_bounce <family>: the first message of alice's mbox (written by mail.local), without the mbox
# "From " separator line, copied to fixtures/<family>/genuine-<scenario>.eml.
capture_mbox_bounce() {
  local family=$1 box="$W/sender/varmail/alice"
  for _ in $(seq 300); do [ -s "$box" ] && break; sleep 0.2; done
  [ -s "$box" ] || die "no bounce reached $MAIL_FROM within 60s"
  sleep 1 # mail.local appends under a lock; let it finish
  mkdir -p "$FIXTURES/$family"
  awk 'NR == 1 { next } /^From / && prev == "" { exit } { print; prev = $0 }' "$box" \
    > "$FIXTURES/$family/genuine-$SCENARIO.eml"
  say "captured $FIXTURES/$family/genuine-$SCENARIO.eml"
}

genuine_start() {
  genuine_network
  genuine_dns
  local from_domain=${MAIL_FROM#*@}
  local sender_bind=()
  [ "$SENDER_PROTOCOLS" != ipv6 ] && sender_bind+=("smtp_bind_address = 192.0.2.10")
  [ "$SENDER_PROTOCOLS" != ipv4 ] && sender_bind+=("smtp_bind_address6 = 2001:db8:1::10")
  if [ "${SENDER:-postfix}" = exim ]; then
    exim_instance sender 192.0.2.10
  elif [ "${SENDER:-postfix}" = sendmail ]; then
    sendmail_sender
  elif [ "${SENDER:-postfix}" = opensmtpd ]; then
    opensmtpd_sender
  elif [ "${SENDER:-postfix}" = dma ]; then
    dma_sender
  elif [ "${SENDER:-postfix}" = courier ]; then
    courier_sender
  elif [ "${SENDER:-postfix}" = haraka ]; then
    haraka_sender
  elif [ "${SENDER:-postfix}" = nullmailer ]; then
    nullmailer_sender
  else
  postfix_instance sender "$SENDER_PROTOCOLS" "$SCENARIO_DIR/sender.cf" \
    "myhostname = mta.sender.example" \
    "mydomain = sender.example" \
    "mydestination =" \
    "inet_interfaces = $(addrs_for "$SENDER_PROTOCOLS" 192.0.2.10 2001:db8:1::10)" \
    "mynetworks = 192.0.2.10/32, [2001:db8:1::10]/128" \
    "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination" \
    "virtual_mailbox_domains = $from_domain" \
    "virtual_mailbox_maps = inline:{ $MAIL_FROM=alice/ }" \
    "${sender_bind[@]}" \
    "smtp_connect_timeout = 5s" \
    "# Try once, then bounce: the DSN a real sender writes when the queue lifetime runs out, without the wait." \
    "maximal_queue_lifetime = 0" \
    "bounce_queue_lifetime = 0"
  fi
  if [ "${RECEIVER:-postfix}" = exim ]; then
    exim_instance receiver 198.51.100.25
    say "network, NSD, ${SENDER:-postfix} sending, Exim receiving"
    return 0
  fi
  if [ "${RECEIVER:-postfix}" = courier ]; then
    courier_receiver
    say "network, NSD, ${SENDER:-postfix} sending, Courier receiving"
    return 0
  fi
  if [ "${RECEIVER:-postfix}" = opensmtpd ]; then
    opensmtpd_receiver
    say "network, NSD, ${SENDER:-postfix} sending, OpenSMTPD receiving"
    return 0
  fi
  if [ "${RECEIVER:-postfix}" = haraka ]; then
    haraka_receiver
    say "network, NSD, ${SENDER:-postfix} sending, Haraka $HARAKA_VERSION receiving"
    return 0
  fi
  if [ "${RECEIVER:-postfix}" = sendmail ]; then
    sendmail_receiver
    say "network, NSD, ${SENDER:-postfix} sending, Sendmail receiving"
    return 0
  fi
  postfix_instance receiver "$RECEIVER_PROTOCOLS" "$SCENARIO_DIR/receiver.cf" \
    "myhostname = mx.receiver.example" \
    "mydomain = receiver.example" \
    "mydestination =" \
    "inet_interfaces = $(addrs_for "$RECEIVER_PROTOCOLS" 198.51.100.25 2001:db8:2::25)" \
    "mynetworks = 127.0.0.0/8" \
    "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination" \
    "virtual_mailbox_domains = receiver.example" \
    "virtual_mailbox_maps = inline:{ bob@receiver.example=bob/ ${RECEIVER_MAILBOXES:-} }"
  say "network, NSD, ${SENDER:-postfix} sending, Postfix $(postconf -h mail_version) receiving"
}

# send_mail [swaks options...]: submits one message to the sending Postfix, as a mail client would.
send_mail() {
  local submit=192.0.2.10
  [ "$SENDER_PROTOCOLS" = ipv6 ] && submit=2001:db8:1::10
  local to
  to=$(echo "$RCPT_TO" | tr ' ' ',')
  if [ "${SENDER:-postfix}" = courier ]; then
    swaks --from "$MAIL_FROM" --to "$to" --header "Subject: genuine test: $SCENARIO" "$@" --dump-mail > "$W/message.eml"
    # shellcheck disable=SC2086
    ip netns exec "$SNS" unshare -m -u sh -c "$COURIER_NS && exec /usr/sbin/sendmail -f '$MAIL_FROM' $RCPT_TO" \
      < "$W/message.eml" > "$W/courier-submit.log" 2>&1 || { cat "$W/courier-submit.log" >&2; die "Courier did not accept the message"; }
    return 0
  fi
  if [ "${SENDER:-postfix}" = haraka ] || { [ -n "${SNS:-}" ] && [ "${SENDER:-postfix}" = sendmail ]; }; then
    # Haraka (and a single-stack Sendmail) listen in their own namespace: the client connects from the main one.
    in_ns swaks --server 192.0.2.10 --helo client.sender.example --from "$MAIL_FROM" --to "$to" \
      --header "Subject: genuine test: $SCENARIO" "$@" > "$W/swaks.log" 2>&1 \
      || { cat "$W/swaks.log" >&2; die "${SENDER} did not accept the message"; }
    return 0
  fi
  if [ "${SENDER:-postfix}" = nullmailer ]; then
    # nullmailer's sendmail queues the message (nullmailer-queue) and pulls nullmailer-send's trigger
    swaks --from "$MAIL_FROM" --to "$to" --header "Subject: genuine test: $SCENARIO" "$@" --dump-mail > "$W/message.eml"
    # shellcheck disable=SC2086
    in_ns unshare -m -u sh -c "$NULLMAILER_NS && exec /usr/sbin/sendmail -f '$MAIL_FROM' $RCPT_TO" \
      < "$W/message.eml" > "$W/nullmailer-submit.log" 2>&1 || { cat "$W/nullmailer-submit.log" >&2; die "nullmailer did not accept the message"; }
    return 0
  fi
  if [ "${SENDER:-postfix}" = dma ]; then
    # dma reads the message on stdin, as from a local mail client; swaks composes it as it would send it
    swaks --from "$MAIL_FROM" --to "$to" --header "Subject: genuine test: $SCENARIO" "$@" --dump-mail > "$W/message.eml"
    # shellcheck disable=SC2086
    dma_run -D ${DMA_SUBMIT_ARGS:-} -f "$MAIL_FROM" $RCPT_TO < "$W/message.eml" > "$W/dma.log" 2>&1 &
    EXIM_PIDS+=($!)
    return 0
  fi
  in_ns swaks --server "$submit" --local-interface "$submit" --helo client.sender.example --from "$MAIL_FROM" --to "$to" \
    --header "Subject: genuine test: $SCENARIO" "$@" > "$W/swaks.log" 2>&1 \
    || { cat "$W/swaks.log" >&2; die "the sending Postfix did not accept the message"; }
}

# capture_bounce <family> [timeout seconds]: waits for the bounce in the sender's Maildir and copies it to
# fixtures/<family>/genuine-<scenario>.eml, untouched.
# With BOUNCES=n (default 1) it waits for n bounces and keeps the one reporting the most recipients: a
# message whose recipients fail at different times comes back in several bounces, in an order that depends
# on timing.
capture_bounce() {
  local family=$1 timeout=${2:-60} box=${BOUNCE_BOX:-$W/sender/mail/alice/new} f="" want=${BOUNCES:-1} n=0
  for _ in $(seq $((timeout * 5))); do
    n=$(ls "$box" 2>/dev/null | wc -l || true)
    [ "$n" -ge "$want" ] && break
    sleep 0.2
  done
  [ "$n" -ge "$want" ] || die "$n of $want bounces reached $MAIL_FROM within ${timeout}s"
  local best=-1 c
  for m in $(ls "$box"); do
    c=$(grep -c '^Final-Recipient:' "$box/$m" || true)
    if [ "$c" -gt "$best" ]; then best=$c; f=$m; fi
  done
  mkdir -p "$FIXTURES/$family"
  cp "$box/$f" "$FIXTURES/$family/genuine-$SCENARIO.eml"
  say "captured $FIXTURES/$family/genuine-$SCENARIO.eml"
}
