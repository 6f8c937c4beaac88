#!/usr/bin/env bash
# IPv6-only sender, the MX host's AAAA never answers (static neighbour entry, frames go nowhere):
# "Connection timed out" after smtp_connect_timeout (5s).
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@timeout6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
