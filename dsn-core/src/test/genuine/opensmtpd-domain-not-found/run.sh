#!/usr/bin/env bash
# OpenSMTPD as the sender, the recipient domain does not exist (NXDOMAIN).
SENDER=opensmtpd
RCPT_TO=bob@nosuch.receiver.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
