#!/usr/bin/env bash
# IPv6-only Postfix sender whose address 2001:db8:1::10 has no PTR; the receiver is a dual-stack Exim whose ACL
# denies IPv6 clients without verified reverse DNS with the administrator's own message (VERIFY_REVERSE_IPV6).
SENDER_PROTOCOLS=ipv6
RECEIVER=exim
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
