#!/usr/bin/env bash
# IPv6-only sender, the MX host's AAAA is in a prefix with no route (2001:db8:dead::/48):
# "connect to mx.unreach6.example[2001:db8:dead::25]:25: Network is unreachable".
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@unreach6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
