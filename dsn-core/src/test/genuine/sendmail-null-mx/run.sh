#!/usr/bin/env bash
# Sendmail as the sender, the recipient domain publishes a null MX (RFC 7505).
SENDER=sendmail
RCPT_TO=bob@nullmx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
