#!/usr/bin/env bash
# Exim as the sender keeps failing with "Connection refused" (MX AAAA with no listener) and sends its
# delay warning (delay_warning = 2s, retrying every second for an hour).
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@refused6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
