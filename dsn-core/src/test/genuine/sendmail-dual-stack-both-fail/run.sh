#!/usr/bin/env bash
# Dual-stack Sendmail, the MX host has an AAAA without a route and an A with no listener: both fail until the
# queue return timeout (1s).
SENDER=sendmail
RCPT_TO=bob@dualfail.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce sendmail
