#!/usr/bin/env bash
# dma as the sender, the recipient's MX has only an AAAA record in a prefix with no route ("Network is
# unreachable"). dma retries a temporary failure until its queue file is older than MAX_TIMEOUT (5 days, compiled
# in): the message is queued only (-bq), its queue files are dated 6 days back, and a queue run (-q) makes the
# one attempt after which dma gives up, as it would after 5 days of failures.
SENDER=dma
DMA_SUBMIT_ARGS=-bq
RCPT_TO=bob@unreach6.example
. "$(dirname "$0")/../lib/common.sh"
genuine_start
send_mail
for _ in $(seq 50); do ls "$W"/sender/spool/dma/Q* >/dev/null 2>&1 && break; sleep 0.2; done
sleep 0.5
touch -d '6 days ago' "$W"/sender/spool/dma/*
dma_run -D -q > "$W/dma-q.log" 2>&1 &
EXIM_PIDS+=($!)
capture_mbox_bounce dragonfly
