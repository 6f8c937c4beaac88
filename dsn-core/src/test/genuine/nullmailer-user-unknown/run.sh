#!/usr/bin/env bash
# nullmailer as the sender, its smarthost (the receiving Postfix) has no such mailbox: 550 5.1.1 at RCPT TO.
# The bounce goes to alice@receiver.example (see nullmailer_sender in lib/common.sh).
SENDER=nullmailer
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=nobody@receiver.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce nullmailer
