#!/usr/bin/env bash
# Sendmail as the sender, the recipient's MX has only an AAAA record in a prefix with no route:
# "Network is unreachable" until the queue return timeout; Sendmail's own bounce format.
SENDER=sendmail
RCPT_TO=bob@unreach6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
