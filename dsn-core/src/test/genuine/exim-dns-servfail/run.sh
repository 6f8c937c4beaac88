#!/usr/bin/env bash
# Exim as the sender, the recipient domain's server answers SERVFAIL.
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@servfail.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
