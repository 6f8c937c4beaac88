#!/usr/bin/env bash
# Sendmail as the sender, the recipient's MX has only an AAAA record with no listener ("Connection refused")
# until the queue return timeout (1s).
SENDER=sendmail
RCPT_TO=bob@refused6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
