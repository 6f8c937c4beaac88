#!/usr/bin/env bash
# IPv4-only sender, MX at an IPv4 address that never answers (static neighbour entry): "Connection timed out"
# after smtp_connect_timeout (5s); an ordinary (not IPv6) give-up after the queue lifetime.
SENDER_PROTOCOLS=ipv4
RCPT_TO=bob@timeout4.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
