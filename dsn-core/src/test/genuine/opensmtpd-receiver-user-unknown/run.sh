#!/usr/bin/env bash
# Postfix sending, OpenSMTPD 6.8 receiving: no such mailbox in its virtual table, refused at RCPT TO.
RECEIVER=opensmtpd
RCPT_TO=nobody@receiver.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
