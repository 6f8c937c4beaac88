#!/usr/bin/env bash
# IPv6-only sender, the MX host's AAAA is a local address with no listener: "Connection refused".
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@refused6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
