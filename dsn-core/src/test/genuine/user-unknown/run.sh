#!/usr/bin/env bash
# The receiving Postfix has no mailbox for the recipient (virtual_mailbox_maps lookup fails at RCPT TO):
# "550 5.1.1 <nobody@receiver.example>: Recipient address rejected: User unknown in virtual mailbox table".
RCPT_TO=nobody@receiver.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
