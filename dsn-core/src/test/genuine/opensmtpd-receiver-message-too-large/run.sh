#!/usr/bin/env bash
# OpenSMTPD 6.8 receiving with smtp max-message-size 4096; Postfix sends HELO (smtp_never_send_ehlo), so
# the size is refused after DATA, in OpenSMTPD's words.
RECEIVER=opensmtpd
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail --body "$(for i in $(seq 100); do echo "line $i of a message that is too large for the receiver's size limit"; done)"
capture_bounce postfix
