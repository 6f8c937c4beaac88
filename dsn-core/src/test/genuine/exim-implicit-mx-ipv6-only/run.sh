#!/usr/bin/env bash
# IPv4-only Exim (disable_ipv6 = true), the recipient domain has no MX and only an AAAA record (implicit MX).
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@implicit6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
