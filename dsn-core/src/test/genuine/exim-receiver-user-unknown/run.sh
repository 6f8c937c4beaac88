#!/usr/bin/env bash
# Postfix as the sender, Exim as the receiver has no such mailbox ("require verify = recipient"): Exim 4.96
# answers RCPT TO with "550 Unrouteable address".
RECEIVER=exim
RCPT_TO=nobody@receiver.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
