#!/usr/bin/env bash
# Exim as an IPv6-only sender (dnslookup ignores every IPv4 target: ignore_target_hosts = <; 0.0.0.0/0),
# the recipient domain's MX host has an A record only.
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@v4mx.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
