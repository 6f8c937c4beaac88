#!/usr/bin/env bash
# Courier as the sender over IPv6 from 2001:db8:1::10, which has no PTR; the receiving Postfix applies
# reject_unknown_client_hostname (code 550) to every recipient but alice, where Courier's bounce goes.
SENDER=courier
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce courier
