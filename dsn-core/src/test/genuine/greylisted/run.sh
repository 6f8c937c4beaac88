#!/usr/bin/env bash
# The receiving Postfix greylists bob (450 4.7.1, a greylisting policy's answer); the sender's queue lifetime
# (0 here) runs out before the greylisting would let it through.
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
capture_bounce postfix
