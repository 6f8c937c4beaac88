#!/usr/bin/env bash
# Haraka as the sender, the receiving Postfix greylists bob (450 4.7.1, as a greylisting policy service
# answers); with temp_fail_intervals=none Haraka gives up after that one temporary refusal, as it would when
# its retries run out.
SENDER=haraka
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@receiver.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce haraka
