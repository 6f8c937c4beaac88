#!/usr/bin/env bash
# Haraka as the sender, the recipient domain has a null MX (RFC 7505).
SENDER=haraka
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@nullmx.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce haraka
