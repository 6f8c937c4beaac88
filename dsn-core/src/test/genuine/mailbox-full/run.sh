#!/usr/bin/env bash
# The RECEIVING Postfix accepts the message, then its virtual(8) delivery agent cannot append it to bob's
# mbox because the mailbox already holds almost virtual_mailbox_limit bytes (a sparse file here): the
# receiver writes the bounce itself (5.2.2, "cannot update mailbox ... error writing message: File too
# large") and sends it to the sender domain's MX, i.e. the sending Postfix, which puts it in alice's Maildir.
. "$(dirname "$0")/../lib/common.sh"
genuine_start
limit=$(postconf -c "$W/receiver/etc" -h virtual_mailbox_limit)
truncate -s $((limit - 1000)) "$W/receiver/mail/bob"
chown 65534:65534 "$W/receiver/mail/bob"
send_mail --body "$(for i in $(seq 40); do echo "line $i of a message bigger than the recipient's remaining mailbox space"; done)"
capture_bounce postfix
