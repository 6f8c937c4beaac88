#!/usr/bin/env bash
# dma as the sender, the receiving Postfix has message_size_limit = 4096.
SENDER=dma
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail --body "$(for i in $(seq 100); do echo "line $i of a message that is too large for the receiver's message_size_limit"; done)"
capture_mbox_bounce dragonfly
