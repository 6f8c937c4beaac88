#!/usr/bin/env bash
# IPv6-only Exim (ignore_target_hosts = <; 0.0.0.0/0), the recipient's MX is dual-stack but its AAAA has no
# route and only its A works.
SENDER=exim
EXIM_QUEUE_INTERVAL=1s
RCPT_TO=bob@deadaaaa.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce exim
