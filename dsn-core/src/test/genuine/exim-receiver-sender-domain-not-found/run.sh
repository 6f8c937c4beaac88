#!/usr/bin/env bash
# Postfix as the sender of a message from a domain that does not exist (NXDOMAIN); Exim as the receiver with
# "require verify = sender" refuses it at RCPT TO.
RECEIVER=exim
MAIL_FROM=alice@gone.sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
