#!/usr/bin/env bash
# The recipient domain's authoritative server answers SERVFAIL (NSD cannot load the zone):
# "Name service error for name=servfail.example type=MX: Host not found, try again".
RCPT_TO=bob@servfail.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
