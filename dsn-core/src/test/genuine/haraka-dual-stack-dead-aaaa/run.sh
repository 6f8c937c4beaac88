#!/usr/bin/env bash
# Haraka on an IPv6-only host (its namespace has no route to 198.51.100.0/24), the recipient's MX is
# dual-stack but its AAAA has no route and only its A works.
SENDER=haraka
SENDER_PROTOCOLS=ipv6
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@deadaaaa.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce haraka
