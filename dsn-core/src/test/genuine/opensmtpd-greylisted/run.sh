#!/usr/bin/env bash
# OpenSMTPD as the sender, the receiving Postfix greylists bob (450 4.7.1) until OpenSMTPD's queue ttl (3s here)
# runs out: the report its expiry writes.
SENDER=opensmtpd
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce opensmtpd
