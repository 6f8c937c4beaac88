#!/usr/bin/env bash
# The receiving Postfix has message_size_limit = 4096 and the message is larger: Postfix's client announces
# SIZE= and gets "552 5.3.4 Message size exceeds fixed limit" in reply to MAIL FROM.
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail --body "$(for i in $(seq 100); do echo "line $i of a message that is too large for the receiver's message_size_limit"; done)"
capture_bounce postfix
