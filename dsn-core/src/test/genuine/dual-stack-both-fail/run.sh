#!/usr/bin/env bash
# Dual-stack sender (inet_protocols = all), the MX host has an AAAA without a route and an A with no listener:
# Postfix tries both and reports what it got for the last address it tried.
RCPT_TO=bob@dualfail.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
