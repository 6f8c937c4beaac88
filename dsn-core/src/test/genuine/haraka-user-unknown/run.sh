#!/usr/bin/env bash
# Haraka as the sender, the receiving Postfix has no such mailbox: 550 5.1.1 at RCPT TO. The bounce goes to
# alice@receiver.example (see haraka_sender in lib/common.sh).
SENDER=haraka
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=nobody@receiver.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce haraka
