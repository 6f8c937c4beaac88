#!/usr/bin/env bash
# Sendmail keeps failing with "Network is unreachable" (MX AAAA without a route) and, with
# confTO_QUEUEWARN = 1s and a queue run every second, sends its delay warning (Action: delayed).
SENDER=sendmail
RCPT_TO=bob@unreach6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
