#!/usr/bin/env bash
# Dual-stack Exim, the MX host has an AAAA without a route and an A with no listener: both fail until its retry
# rule (F,3s,1s) gives up.
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@dualfail.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
