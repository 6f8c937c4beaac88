#!/usr/bin/env bash
# Delay notice (Action: delayed): an IPv6-only sender keeps failing with "Network is unreachable" and, with
# delay_warning_time = 1s and a 1s retry back-off, sends the "Delayed Mail (still being retried)" DSN at its
# second attempt. The message itself stays queued until the cleanup trap stops Postfix.
SENDER_PROTOCOLS=ipv6
RCPT_TO=bob@unreach6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
