#!/usr/bin/env bash
# Haraka as the sender, the recipient's MX has only an AAAA record that never answers (outbound.ini
# connect_timeout=5).
SENDER=haraka
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@timeout6.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce haraka
