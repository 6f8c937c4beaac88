#!/usr/bin/env bash
# IPv6-only Postfix (inet_protocols = ipv6), the recipient's MX is dual-stack but its AAAA has no route and
# only its A works: an IPv6-only sender cannot fall back.
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@deadaaaa.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
