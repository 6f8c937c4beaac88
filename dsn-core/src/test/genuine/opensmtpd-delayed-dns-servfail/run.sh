#!/usr/bin/env bash
# OpenSMTPD as the sender, the recipient domain's server answers SERVFAIL: its delay warning (bounce warn-interval 1s).
SENDER=opensmtpd
RCPT_TO=bob@servfail.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
