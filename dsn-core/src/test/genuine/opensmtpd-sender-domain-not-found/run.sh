#!/usr/bin/env bash
# OpenSMTPD as the sender of a message from a domain that does not exist (delivered locally, so the bounce
# lands in alice's Maildir); the receiving Postfix has reject_unknown_sender_domain with
# unknown_address_reject_code = 550 ("550 5.1.8 ... Domain not found").
SENDER=opensmtpd
MAIL_FROM=alice@gone.sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
