#!/usr/bin/env bash
# OpenSMTPD as the sender keeps failing with "Network is unreachable" (MX AAAA without a route) and sends its
# delay warning (bounce warn-interval 1s).
SENDER=opensmtpd
RCPT_TO=bob@unreach6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
