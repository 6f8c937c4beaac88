#!/usr/bin/env bash
# The sender domain publishes a null MX (RFC 7505); the receiving Postfix has reject_unknown_sender_domain.
SENDER_PROTOCOLS=ipv4
MAIL_FROM=alice@nullmx-sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
