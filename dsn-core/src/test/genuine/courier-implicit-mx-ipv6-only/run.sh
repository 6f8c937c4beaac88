#!/usr/bin/env bash
# Courier as the sender on a host without IPv6 (sender_namespace), the recipient domain has no MX and
# only an AAAA record (implicit MX, RFC 5321 §5.1); courier/queuetime 5s and a retry schedule of seconds.
SENDER=courier
SENDER_PROTOCOLS=ipv4
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@implicit6.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce courier
