#!/usr/bin/env bash
# The sender domain publishes a null MX (RFC 7505); the receiver is Exim with "require verify = sender".
SENDER_PROTOCOLS=ipv4
RECEIVER=exim
MAIL_FROM=alice@nullmx-sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
