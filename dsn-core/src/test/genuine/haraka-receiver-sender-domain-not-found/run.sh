#!/usr/bin/env bash
# Postfix sending from a domain that does not exist (NXDOMAIN), Haraka 3.3.4 receiving with the
# mail_from.is_resolvable plugin.
RECEIVER=haraka
MAIL_FROM=alice@gone.sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
