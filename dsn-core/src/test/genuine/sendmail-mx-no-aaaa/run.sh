#!/usr/bin/env bash
# Sendmail as the sender on an IPv6-only host (no route to 198.51.100.0/24), the recipient's MX has only an A record.
# Sendmail has no setting for this: it runs in sender_namespace, whose network is single-stack.
SENDER=sendmail
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@v4mx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
