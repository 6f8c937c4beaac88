#!/usr/bin/env bash
# Postfix as the sender (HELO, see sender.cf), Exim as the receiver with message_size_limit = 4K: refused after DATA.
RECEIVER=exim
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail --body "$(for i in $(seq 100); do echo "line $i of a message that is too large for the receiver's message_size_limit"; done)"
capture_bounce postfix
