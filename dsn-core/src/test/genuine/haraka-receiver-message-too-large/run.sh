#!/usr/bin/env bash
# Haraka 3.3.4 receiving with connection.ini [max] bytes=4096; Postfix sends HELO (smtp_never_send_ehlo), so
# the size is refused after DATA, in Haraka's words.
RECEIVER=haraka
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail --body "$(for i in $(seq 100); do echo "line $i of a message that is too large for the receiver's size limit"; done)"
capture_bounce postfix
