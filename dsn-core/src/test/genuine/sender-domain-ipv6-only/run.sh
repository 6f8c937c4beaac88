#!/usr/bin/env bash
# The sender domain has no MX and only an AAAA record (an IPv6-only sender); the receiver is Exim with
# disable_ipv6 (IPv4-only) and "require verify = sender": for it the sender domain has no usable address, so
# RCPT TO is refused with Exim's sender-verification failure ("Unrouteable address" / "Sender verify failed").
# (A receiving Postfix does not reproduce this: reject_unknown_sender_domain accepts the domain because it
# looks up AAAA as well, whatever inet_protocols says.)
SENDER_PROTOCOLS=ipv4
RECEIVER=exim
MAIL_FROM=alice@v6only-sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
