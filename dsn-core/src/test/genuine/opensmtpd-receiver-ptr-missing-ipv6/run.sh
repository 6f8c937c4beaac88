#!/usr/bin/env bash
# IPv6-only Postfix without PTR for 2001:db8:1::10, OpenSMTPD 6.8 receiving only from clients with reverse
# DNS (match from rdns ...): the session matches no rule, so the recipient is refused.
RECEIVER=opensmtpd
SENDER_PROTOCOLS=ipv6
OPENSMTPD_FROM="from rdns"
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
