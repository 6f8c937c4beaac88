#!/usr/bin/env bash
# Exim as an IPv4-only sender (disable_ipv6 = true), the recipient domain's MX host has an AAAA record only.
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@v6mx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
