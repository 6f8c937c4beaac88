#!/usr/bin/env bash
# Postfix as the sender of a message from a domain whose DNS server answers SERVFAIL; Sendmail as the receiver
# defers it at MAIL FROM ("451 4.1.8 Domain of sender address ... does not resolve") and the sender gives up
# after its queue lifetime.
RECEIVER=sendmail
MAIL_FROM=alice@servfail-sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
