#!/usr/bin/env bash
# Sendmail as the sender on an IPv6-only host, the recipient's MX is dual-stack but its AAAA has no route (its A works, but not for this sender).
# Sendmail has no setting for this: it runs in sender_namespace, whose network is single-stack.
SENDER=sendmail
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@deadaaaa.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
