#!/usr/bin/env bash
# Postfix sending, Haraka 3.3.4 receiving: no plugin accepts the recipient (only bob is in the access
# plugin's rcpt_to.access.whitelist), so Haraka answers RCPT TO with its own "I cannot deliver mail for <...>".
RECEIVER=haraka
RCPT_TO=nobody@receiver.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
