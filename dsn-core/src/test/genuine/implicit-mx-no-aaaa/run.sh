#!/usr/bin/env bash
# IPv6-only Postfix, the recipient domain has no MX and only an A record (implicit MX, RFC 5321 §5.1).
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@implicit4.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
