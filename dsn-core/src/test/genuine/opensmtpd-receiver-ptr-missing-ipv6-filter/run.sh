#!/usr/bin/env bash
# IPv6-only Postfix without PTR for 2001:db8:1::10, OpenSMTPD 6.8 receiving with smtpd.conf(5)'s built-in
# filter example: a client without reverse DNS gets "550 no rDNS is so 80s" at connect.
RECEIVER=opensmtpd
SENDER_PROTOCOLS=ipv6
OPENSMTPD_LISTEN='filter "rdns"'
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
