#!/usr/bin/env bash
# Haraka on an IPv4-only host (its namespace has no IPv6 address or route, see sender_namespace), the
# recipient's MX has only an AAAA record.
SENDER=haraka
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@v6mx.example
SENDER_PROTOCOLS=ipv4
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce haraka
