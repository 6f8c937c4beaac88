#!/usr/bin/env bash
# Courier as the sender keeps failing with "Connection refused" (MX AAAA with no listener) and sends its
# delayed DSN (courier/warntime 2s).
SENDER=courier
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@refused6.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce courier
