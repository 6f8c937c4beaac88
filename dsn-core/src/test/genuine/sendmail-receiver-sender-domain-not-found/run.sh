#!/usr/bin/env bash
# Postfix as the sender of a message from a domain that does not exist; Sendmail as the receiver refuses it at
# MAIL FROM ("553 5.1.8 <...>... Domain of sender address ... does not exist", its default check).
RECEIVER=sendmail
MAIL_FROM=alice@gone.sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
