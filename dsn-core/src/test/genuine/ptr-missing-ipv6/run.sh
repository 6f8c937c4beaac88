#!/usr/bin/env bash
# IPv6-only sender whose address 2001:db8:1::10 has no PTR; the receiving Postfix has
# reject_unknown_client_hostname: "450 4.7.25 Client host rejected: cannot find your hostname, [2001:db8:1::10]"
# (default unknown_client_reject_code = 450; the sender gives up after its queue lifetime).
SENDER_PROTOCOLS=ipv6
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
