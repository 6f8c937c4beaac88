#!/usr/bin/env bash
# Postfix sending from a domain that does not exist (NXDOMAIN), Courier 1.0.16 receiving (Debian's esmtpd
# settings: BOFHCHECKDNS=1).
RECEIVER=courier
MAIL_FROM=alice@gone.sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
