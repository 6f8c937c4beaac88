#!/usr/bin/env bash
# dma (DragonFly Mail Agent) as the sender, the receiving Postfix has no such mailbox: 550 5.1.1 at RCPT TO.
SENDER=dma
RCPT_TO=nobody@receiver.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_mbox_bounce dragonfly
