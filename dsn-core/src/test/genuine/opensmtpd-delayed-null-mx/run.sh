#!/usr/bin/env bash
# OpenSMTPD as the sender, the recipient domain publishes a null MX (RFC 7505). OpenSMTPD 6.8 does not know
# null MX: "No MX found for domain" is a temporary failure to it, so the bounce is its delay warning
# (bounce warn-interval 1s).
SENDER=opensmtpd
RCPT_TO=bob@nullmx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
