#!/usr/bin/env bash
# Sendmail's delay warning (confTO_QUEUEWARN 1s) while the recipient's MX, an AAAA address with no listener,
# keeps refusing the connection.
SENDER=sendmail
RCPT_TO=bob@refused6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
