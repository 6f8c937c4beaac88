#!/usr/bin/env bash
# Exim as the sender, the recipient's MX has only an AAAA record in a prefix with no route:
# "Network is unreachable"; Exim's own bounce format ("Mail delivery failed: returning message to sender").
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@unreach6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
