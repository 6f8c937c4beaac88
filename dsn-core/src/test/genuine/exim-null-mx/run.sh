#!/usr/bin/env bash
# Exim as the sender, the recipient domain publishes a null MX (RFC 7505).
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@nullmx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
