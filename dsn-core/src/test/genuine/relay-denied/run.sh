#!/usr/bin/env bash
# The recipient domain's MX points at a Postfix that is not responsible for it:
# "554 5.7.1 <bob@elsewhere.example>: Relay access denied".
RCPT_TO=bob@elsewhere.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
