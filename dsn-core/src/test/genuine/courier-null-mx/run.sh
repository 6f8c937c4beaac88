#!/usr/bin/env bash
# Courier as the sender, the recipient domain publishes a null MX (RFC 7505); courier/queuetime 5s and a retry
# schedule of seconds, in case Courier takes it for a temporary failure.
SENDER=courier
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@nullmx.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce courier
