#!/usr/bin/env bash
# Exim as the sender, the recipient's MX has only an AAAA record with no listener ("Connection refused") until
# its retry rule (F,3s,1s) gives up.
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@refused6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
