#!/usr/bin/env bash
# IPv6-only sender (inet_protocols = ipv6), recipient domain whose MX host has an A record only:
# Postfix finds no address it may use ("type=AAAA: Host found but no data record of requested type").
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@v4mx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
