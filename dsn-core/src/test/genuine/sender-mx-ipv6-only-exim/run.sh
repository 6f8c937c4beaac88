#!/usr/bin/env bash
# The sender domain's MX host has only an AAAA record (the IPv6-only sender MX 20 exists for); the receiver is
# an IPv4-only Exim with "require verify = sender": the MX points to no host it can use.
SENDER_PROTOCOLS=ipv4
RECEIVER=exim
MAIL_FROM=alice@v6mx-sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
