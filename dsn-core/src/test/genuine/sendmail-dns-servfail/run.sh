#!/usr/bin/env bash
# Sendmail as the sender, the recipient domain's server answers SERVFAIL.
SENDER=sendmail
RCPT_TO=bob@servfail.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
