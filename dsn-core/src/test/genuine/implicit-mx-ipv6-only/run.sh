#!/usr/bin/env bash
# IPv4-only Postfix, the recipient domain has no MX and only an AAAA record (implicit MX, RFC 5321 §5.1).
SENDER_PROTOCOLS=ipv4
RCPT_TO=bob@implicit6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
