#!/usr/bin/env bash
# dma as the sender of a message from a domain that does not exist (its MAILNAME, so the bounce is local); the
# receiving Postfix has reject_unknown_sender_domain with unknown_address_reject_code = 550.
SENDER=dma
MAIL_FROM=alice@gone.sender.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce dragonfly
