#!/usr/bin/env bash
# Postfix sending to a domain whose MX is a Courier 1.0.16 that does not accept mail for it (receiver.example is
# in its locals but not in esmtpacceptmailfor): refused at RCPT TO.
RECEIVER=courier
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
