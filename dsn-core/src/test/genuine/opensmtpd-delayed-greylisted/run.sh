#!/usr/bin/env bash
# OpenSMTPD as the sender, the receiving Postfix greylists bob (450 4.7.1): its delay warning
# (bounce warn-interval 1s).
SENDER=opensmtpd
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
