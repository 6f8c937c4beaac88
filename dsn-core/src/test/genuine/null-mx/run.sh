#!/usr/bin/env bash
# The recipient domain publishes a null MX (RFC 7505): Postfix bounces without trying (5.1.10).
RCPT_TO=bob@nullmx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
