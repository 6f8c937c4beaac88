#!/usr/bin/env bash
# OpenSMTPD as the sender over IPv6 (the receiver's MX has only an AAAA record here) from 2001:db8:1::10, which
# has no PTR; the receiving Postfix has reject_unknown_client_hostname with unknown_client_reject_code = 550.
SENDER=opensmtpd
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
