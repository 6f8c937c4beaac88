#!/usr/bin/env bash
# Postfix sending from a domain that publishes a null MX (RFC 7505); haraka receiving with its sender-domain check
# (see haraka-receiver-sender-domain-not-found).
SENDER_PROTOCOLS=ipv4
RECEIVER=haraka
MAIL_FROM=alice@nullmx-sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
