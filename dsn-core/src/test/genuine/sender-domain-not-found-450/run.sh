#!/usr/bin/env bash
# The sender domain does not exist (NXDOMAIN); the receiving Postfix has reject_unknown_sender_domain with the
# default unknown_address_reject_code = 450: "450 4.1.8 <alice@gone.sender.example>: Sender address rejected:
# Domain not found"; the sender gives up after its queue lifetime (a transient 4.1.8 bounce).
SENDER_PROTOCOLS=ipv4
MAIL_FROM=alice@gone.sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
