#!/usr/bin/env bash
# IPv4-only sender, MX at a local IPv4 address with no listener: "Connection refused" (not an IPv6 cause).
SENDER_PROTOCOLS=ipv4
RCPT_TO=bob@refused4.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
