#!/usr/bin/env bash
# nullmailer sends to its smarthost over IPv6 (remotes: 2001:db8:2::25, --source=2001:db8:1::10), an address
# without PTR; the smarthost applies reject_unknown_client_hostname (550) to every recipient but alice.
SENDER=nullmailer
NULLMAILER_REMOTE=2001:db8:2::25
MAIL_FROM=alice@receiver.example
RECEIVER_MAILBOXES="alice@receiver.example=alice/"
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/receiver/mail/alice/new"
genuine_start
send_mail
capture_bounce nullmailer
