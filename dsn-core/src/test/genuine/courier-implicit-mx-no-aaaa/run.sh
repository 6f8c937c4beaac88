#!/usr/bin/env bash
# Courier as the sender on an IPv6-only host (sender_namespace without an IPv4 route to the receivers), the recipient domain has no MX and
# only an A record (implicit MX, RFC 5321 §5.1); courier/queuetime 5s and a retry schedule of seconds.
SENDER=courier
SENDER_PROTOCOLS=ipv6
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@implicit4.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce courier
