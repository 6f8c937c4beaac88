#!/usr/bin/env bash
# Courier as the sender, the recipient domain does not exist (NXDOMAIN).
SENDER=courier
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@nosuch.receiver.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce courier
