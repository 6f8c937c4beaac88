#!/usr/bin/env bash
# The same four recipients from an IPv6-only Exim (ignore_target_hosts = <; 0.0.0.0/0): no such mailbox,
# null MX, MX with only an A record, MX AAAA without a route. The three permanent failures come back at once
# (the bounce captured); the route failure is returned later, when its retries run out (BOUNCES=2).
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
BOUNCES=2
RCPT_TO="nobody@receiver.example bob@unreach6.example bob@nullmx.example bob@v4mx.example"
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
