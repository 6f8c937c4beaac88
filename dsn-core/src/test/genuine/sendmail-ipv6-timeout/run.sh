#!/usr/bin/env bash
# Sendmail as the sender, the recipient's MX has only an AAAA record that never answers (confTO_CONNECT 5s)
# until the queue return timeout (1s).
SENDER=sendmail
RCPT_TO=bob@timeout6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
