#!/usr/bin/env bash
# OpenSMTPD on an IPv6-only host (its only source address is 2001:db8:1::10), the recipient domain has no MX and only an A record (implicit MX, RFC 5321 §5.1): its delay warning (bounce warn-interval 1s).
SENDER=opensmtpd
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@implicit4.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
