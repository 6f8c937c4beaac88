#!/usr/bin/env bash
# OpenSMTPD as the sender, the recipient's MX is an IPv6 address with no listener ("Connection refused");
# its delay warning (bounce warn-interval 1s).
SENDER=opensmtpd
RCPT_TO=bob@refused6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
