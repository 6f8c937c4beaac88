#!/usr/bin/env bash
# IPv6-only Postfix sender whose address 2001:db8:1::10 has no PTR; the receiver is a dual-stack Exim with
# "require verify = reverse_host_lookup".
SENDER_PROTOCOLS=ipv6
RECEIVER=exim
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
