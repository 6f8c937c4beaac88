#!/usr/bin/env bash
# The recipient domain does not exist (NXDOMAIN): "Host or domain name not found".
RCPT_TO=bob@nosuch.receiver.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
