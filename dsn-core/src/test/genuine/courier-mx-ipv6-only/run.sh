#!/usr/bin/env bash
# Courier as the sender on an IPv4-only host (its namespace has no IPv6 address or route, see sender_namespace), the recipient's MX has only an AAAA record;
# courier/queuetime 5s and a retry schedule of seconds make it give up at once.
SENDER=courier
SENDER_PROTOCOLS=ipv4
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@v6mx.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce courier
