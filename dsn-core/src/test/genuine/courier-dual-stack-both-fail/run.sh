#!/usr/bin/env bash
# Dual-stack Courier, the MX host has an AAAA without a route and an A with no listener; courier/queuetime 5s
# and a retry schedule of seconds make it give up at once.
SENDER=courier
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@dualfail.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce courier
