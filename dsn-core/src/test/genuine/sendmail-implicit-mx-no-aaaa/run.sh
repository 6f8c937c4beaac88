#!/usr/bin/env bash
# Sendmail as the sender on an IPv6-only host, the recipient domain has no MX and only an A record (implicit MX).
# Sendmail has no setting for this: it runs in sender_namespace, whose network is single-stack.
SENDER=sendmail
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@implicit4.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
