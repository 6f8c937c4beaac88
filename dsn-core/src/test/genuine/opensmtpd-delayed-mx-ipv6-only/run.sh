#!/usr/bin/env bash
# OpenSMTPD on an IPv4-only host (its only source address is 192.0.2.10), the recipient domain's MX host has
# an AAAA record only: its delay warning (bounce warn-interval 1s).
SENDER=opensmtpd
SENDER_PROTOCOLS=ipv4
RCPT_TO=bob@v6mx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
