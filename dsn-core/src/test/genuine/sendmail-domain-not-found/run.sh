#!/usr/bin/env bash
# Sendmail as the sender, the recipient domain does not exist (NXDOMAIN).
SENDER=sendmail
RCPT_TO=bob@nosuch.receiver.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
