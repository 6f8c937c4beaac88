#!/usr/bin/env bash
# Dual-stack OpenSMTPD, the MX host has an AAAA without a route and an A with no listener: its delay warning
# (bounce warn-interval 1s).
SENDER=opensmtpd
RCPT_TO=bob@dualfail.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
