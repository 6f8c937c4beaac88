package dev.mx20.relay.spool;

import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A message in the spool: its envelope and delivery state. The content is a separate immutable file.
 *
 * @param queueId      the spool identifier (also the file names)
 * @param sender       the envelope sender; empty for the null sender
 * @param recipients   the recipients not yet delivered nor failed
 * @param envId        RFC 3461 ENVID, or {@code null}
 * @param ret          RFC 3461 RET, or {@code null}
 * @param eightBit     BODY=8BITMIME was declared
 * @param arrival      when the message got its 250
 * @param attempts     how many delivery attempts were made
 * @param nextAttempt  when the next attempt is due
 * @param lastOutcomes the outcome of the last attempt for recipients that were deferred (the reason shown in
 *                     {@code list} and in the DSN if the message expires)
 * @param content      the content file
 * @param held         put on hold by an operator (Postfix {@code postsuper -h}): kept, listed, never retried until
 *                     released
 * @param delayWarned  the one delay notice (RFC 3464 {@code Action: delayed}) has been sent, or decided against
 * @param smtpUtf8     the client declared SMTPUTF8 (RFC 6531)
 * @param heldReason   why the queue itself put the message on hold (it failed {@code queue_error_limit} times in a
 *                     row for reasons of its own: a spool write, the DSN writer...), shown by {@code queue list};
 *                     {@code null} when not held, or held by an operator
 */
public record SpooledMessage(
        String queueId,
        String sender,
        List<OutboundRecipient> recipients,
        String envId,
        OutboundMessage.Ret ret,
        boolean eightBit,
        Instant arrival,
        int attempts,
        Instant nextAttempt,
        List<RecipientOutcome> lastOutcomes,
        Path content,
        boolean held,
        boolean delayWarned,
        boolean smtpUtf8,
        String heldReason) {

    public SpooledMessage {
        sender = sender == null ? "" : sender;
        heldReason = held ? heldReason : null;
        recipients = List.copyOf(recipients);
        lastOutcomes = List.copyOf(lastOutcomes);
    }

    /** A message neither held nor delay-warned (the state of every newly accepted message). */
    public SpooledMessage(String queueId, String sender, List<OutboundRecipient> recipients, String envId,
                          OutboundMessage.Ret ret, boolean eightBit, Instant arrival, int attempts, Instant nextAttempt,
                          List<RecipientOutcome> lastOutcomes, Path content) {
        this(queueId, sender, recipients, envId, ret, eightBit, arrival, attempts, nextAttempt, lastOutcomes, content,
                false, false, false);
    }

    /** The state before {@code heldReason} existed: held (if at all) by an operator. */
    public SpooledMessage(String queueId, String sender, List<OutboundRecipient> recipients, String envId,
                          OutboundMessage.Ret ret, boolean eightBit, Instant arrival, int attempts, Instant nextAttempt,
                          List<RecipientOutcome> lastOutcomes, Path content, boolean held, boolean delayWarned,
                          boolean smtpUtf8) {
        this(queueId, sender, recipients, envId, ret, eightBit, arrival, attempts, nextAttempt, lastOutcomes, content,
                held, delayWarned, smtpUtf8, null);
    }

    /** @return the message as the delivery agent sees it */
    public OutboundMessage toOutbound() {
        return new OutboundMessage(queueId, sender, recipients, envId, ret, content, arrival, eightBit, smtpUtf8);
    }

    /** @return a copy after an attempt: fewer recipients, one more attempt, a new due time and reasons */
    public SpooledMessage afterAttempt(List<OutboundRecipient> remaining, Instant next, List<RecipientOutcome> deferred) {
        return new SpooledMessage(queueId, sender, remaining, envId, ret, eightBit, arrival, attempts + 1, next,
                deferred, content, held, delayWarned, smtpUtf8, heldReason);
    }

    /** @return a copy due now (queue flush) */
    public SpooledMessage dueAt(Instant when) {
        return new SpooledMessage(queueId, sender, recipients, envId, ret, eightBit, arrival, attempts, when,
                lastOutcomes, content, held, delayWarned, smtpUtf8, heldReason);
    }

    /** @return a copy held ({@code true}) or released ({@code false}) */
    public SpooledMessage withHeld(boolean isHeld) {
        return new SpooledMessage(queueId, sender, recipients, envId, ret, eightBit, arrival, attempts, nextAttempt,
                lastOutcomes, content, isHeld, delayWarned, smtpUtf8, isHeld ? heldReason : null);
    }

    /** @return a copy held by the queue itself, for this reason (see {@code heldReason}) */
    public SpooledMessage heldBecause(String reason) {
        return new SpooledMessage(queueId, sender, recipients, envId, ret, eightBit, arrival, attempts, nextAttempt,
                lastOutcomes, content, true, delayWarned, smtpUtf8, reason);
    }

    /** @return a copy marked as delay-warned (the notice is sent at most once per message) */
    public SpooledMessage withDelayWarned() {
        return new SpooledMessage(queueId, sender, recipients, envId, ret, eightBit, arrival, attempts, nextAttempt,
                lastOutcomes, content, held, true, smtpUtf8, heldReason);
    }
}
