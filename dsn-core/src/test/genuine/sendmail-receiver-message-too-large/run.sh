#!/usr/bin/env bash
# Postfix as the sender (HELO, see sender.cf), Sendmail as the receiver with confMAX_MESSAGE_SIZE 4096:
# refused after DATA.
RECEIVER=sendmail
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail --body "$(for i in $(seq 100); do echo "line $i of a message that is too large for the receiver's MaxMessageSize"; done)"
capture_bounce postfix
