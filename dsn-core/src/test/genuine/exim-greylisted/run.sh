#!/usr/bin/env bash
# Exim as the sender, the receiving Postfix greylists bob (450 4.7.1); a retry rule of seconds makes Exim
# give up as it would after days.
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
