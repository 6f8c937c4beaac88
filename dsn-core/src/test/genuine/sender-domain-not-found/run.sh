#!/usr/bin/env bash
# The sender domain does not exist (NXDOMAIN inside sender.example); the receiving Postfix has
# reject_unknown_sender_domain with unknown_address_reject_code = 550:
# "550 5.1.8 <alice@gone.sender.example>: Sender address rejected: Domain not found".
SENDER_PROTOCOLS=ipv4
MAIL_FROM=alice@gone.sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
