#!/usr/bin/env bash
# IPv6-only Postfix sender whose address 2001:db8:1::10 has no PTR; Sendmail as the receiver with
# FEATURE(`require_rdns').
SENDER_PROTOCOLS=ipv6
RECEIVER=sendmail
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
