#!/usr/bin/env bash
# Haraka on an IPv6-only host, the recipient domain has no MX and only an A record (implicit MX).
SENDER=haraka
SENDER_PROTOCOLS=ipv6
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@implicit4.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce haraka
