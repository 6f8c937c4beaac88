#!/usr/bin/env bash
# nullmailer as the sender, its smarthost greylists bob (450 4.7.1): nullmailer-send mails a delay notice
# (Action: delayed) after the first temporary failure; queuelifetime 1 s keeps the wait short.
SENDER=nullmailer
NULLMAILER_QUEUELIFETIME=1
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce nullmailer
