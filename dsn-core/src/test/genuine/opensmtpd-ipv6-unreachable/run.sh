#!/usr/bin/env bash
# OpenSMTPD as the sender, the recipient's MX has only an AAAA record in a prefix with no route ("Network is
# unreachable"); with queue ttl 3s the message expires and OpenSMTPD returns it.
SENDER=opensmtpd
RCPT_TO=bob@unreach6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
