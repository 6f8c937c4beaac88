#!/usr/bin/env bash
# IPv6-only sender without PTR; the receiving Postfix has reject_unknown_reverse_client_hostname
# and unknown_client_reject_code = 550: "550 5.7.25 Client host rejected: cannot find your reverse hostname".
SENDER_PROTOCOLS=ipv6
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
