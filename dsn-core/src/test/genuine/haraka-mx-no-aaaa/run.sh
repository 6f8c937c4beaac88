#!/usr/bin/env bash
# Haraka as an IPv6-only sender (its namespace has no route to 198.51.100.0/24), the recipient's MX has
# only an A record.
SENDER=haraka
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@v4mx.example
SENDER_PROTOCOLS=ipv6
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce haraka
