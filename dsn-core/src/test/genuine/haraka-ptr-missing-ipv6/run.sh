#!/usr/bin/env bash
# Haraka as the sender over IPv6 (outbound inet_prefer=v6) from 2001:db8:1::10, which has no PTR; the
# receiving Postfix applies reject_unknown_client_hostname (550) to every recipient but alice, where the bounce goes.
SENDER=haraka
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
RCPT_TO=bob@receiver.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce haraka
