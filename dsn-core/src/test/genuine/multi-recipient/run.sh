#!/usr/bin/env bash
# One message, four recipients failing four ways, from an IPv6-only Postfix: no such mailbox (550 5.1.1),
# null MX (5.1.0), an MX with only an A record (5.4.4) and an MX AAAA without a route (4.4.1). The three hard
# failures come back at once in one bounce with a delivery-status block each (the one captured); the route
# failure is a temporary error and returns in a bounce of its own (BOUNCES=2: both are awaited, the larger is
# kept; which comes first, and the order of the three, depend on timing).
SENDER_PROTOCOLS=ipv6
BOUNCES=2
RCPT_TO="nobody@receiver.example bob@unreach6.example bob@nullmx.example bob@v4mx.example"
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
