#!/usr/bin/env bash
# Delay notice (Action: delayed): an IPv6-only sender whose MX's only address (AAAA) never answers gets
# "Connection timed out" (smtp_connect_timeout 5s); delay_warning_time = 1s, as in delayed-ipv6-unreachable.
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@timeout6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
