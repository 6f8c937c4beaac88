#!/usr/bin/env bash
# An IPv4-only Postfix cannot return its bounce: the envelope sender's domain (v6sender.example) has an MX
# with only an AAAA record. The original recipient does not exist (550 5.1.1); the bounce to alice then
# fails with 5.4.4 (type=A: Host found but no data record) and Postfix sends the double bounce to the
# postmaster (notify_classes = 2bounce), whose mailbox is the one captured.
SENDER_PROTOCOLS=ipv4
MAIL_FROM=alice@v6sender.example
RCPT_TO=nobody@receiver.example
. "$(dirname "$0")/../lib/common.sh"
BOUNCE_BOX="$W/sender/mail/postmaster/new"
genuine_start
send_mail
capture_bounce postfix
