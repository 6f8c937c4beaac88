#!/usr/bin/env bash
# Postfix as the sender, Sendmail as the receiver has no such local user: "550 5.1.1 <...>... User unknown"
# (not nobody@: nobody is a user in /etc/passwd).
RECEIVER=sendmail
RCPT_TO=nosuchuser@receiver.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
