#!/usr/bin/env bash
# Sendmail as the sender, the receiving Postfix greylists bob (450 4.7.1): its delay warning
# (confTO_QUEUEWARN = 1s, a queue run every second).
SENDER=sendmail
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
