#!/usr/bin/env bash
# Sendmail as the sender on a host without IPv6 (no IPv6 address or route), the recipient's MX has only an AAAA record.
# Sendmail has no setting for this: it runs in sender_namespace, whose network is single-stack.
SENDER=sendmail
SENDER_PROTOCOLS=ipv4
RCPT_TO=bob@v6mx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
