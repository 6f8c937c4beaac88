#!/usr/bin/env bash
# nullmailer as the sender, its smarthost (the receiving Postfix) does not relay for it: the recipient's domain
# is not its own and the client is not in mynetworks (554 5.7.1 Relay access denied at RCPT TO).
SENDER=nullmailer
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@elsewhere.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce nullmailer
