#!/usr/bin/env bash
# Exim as an IPv6-only sender whose address 2001:db8:1::10 has no PTR; the receiving Postfix has
# reject_unknown_client_hostname with unknown_client_reject_code = 550 ("550 5.7.25 ... cannot find your hostname").
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
