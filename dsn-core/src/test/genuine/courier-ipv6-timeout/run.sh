#!/usr/bin/env bash
# Courier as the sender, the recipient's MX has only an AAAA record that never answers (courier/esmtptimeoutconnect
# 5 seconds); courier/queuetime 5s and a retry schedule of seconds make it give up at once.
SENDER=courier
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@timeout6.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce courier
