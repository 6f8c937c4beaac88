#!/usr/bin/env bash
# IPv4-only sender (inet_protocols = ipv4), recipient domain whose MX host has an AAAA record only:
# "type=A: Host found but no data record of requested type".
SENDER_PROTOCOLS=ipv4
RCPT_TO=bob@v6mx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
