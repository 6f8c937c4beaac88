#!/usr/bin/env bash
# Sendmail's delay warning (confTO_QUEUEWARN 1s) while the recipient's MX, an AAAA address that never answers,
# keeps timing out (confTO_CONNECT 5s).
SENDER=sendmail
RCPT_TO=bob@timeout6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
