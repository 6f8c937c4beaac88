#!/usr/bin/env bash
# An IPv4-only Postfix sending from a domain with no MX whose only address is an AAAA record in 2001:db8::/32;
# Haraka 3.3.4 receiving with mail_from.is_resolvable. The plugin accepts an implicit MX of either family if the
# address is public unicast (ipaddr.js range "unicast"); the documentation prefix is "reserved", so it refuses
# the sender domain with "No valid MX for your FROM address". With a global IPv6 address it would accept: this is
# Haraka's refusal of a sender domain without a usable address, not of an IPv6-only one.
SENDER_PROTOCOLS=ipv4
RECEIVER=haraka
MAIL_FROM=alice@v6only-sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
