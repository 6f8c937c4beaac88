#!/usr/bin/env bash
# Exim as the sender, the recipient domain does not exist (NXDOMAIN).
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@nosuch.receiver.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
