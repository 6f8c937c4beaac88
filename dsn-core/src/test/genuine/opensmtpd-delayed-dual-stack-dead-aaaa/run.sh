#!/usr/bin/env bash
# OpenSMTPD on an IPv6-only host (its only source address is 2001:db8:1::10), the recipient's MX is dual-stack
# but its AAAA has no route and only its A works: its delay warning (bounce warn-interval 1s).
SENDER=opensmtpd
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@deadaaaa.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
