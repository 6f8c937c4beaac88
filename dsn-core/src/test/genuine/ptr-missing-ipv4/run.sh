#!/usr/bin/env bash
# IPv4-only sender whose address 192.0.2.10 has no PTR; the receiving Postfix has
# reject_unknown_client_hostname with unknown_client_reject_code = 550 (reverse-dns-missing, not an IPv6 cause).
SENDER_PROTOCOLS=ipv4
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
