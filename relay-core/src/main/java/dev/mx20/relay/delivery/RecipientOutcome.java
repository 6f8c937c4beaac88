package dev.mx20.relay.delivery;

import java.time.Instant;

/**
 * The result of one delivery attempt for one recipient.
 *
 * @param recipient     the envelope recipient
 * @param result        delivered, deferred (try again later) or failed (permanent)
 * @param status        the RFC 3463 enhanced status code, e.g. {@code "5.1.1"} (taken from the reply when it has
 *                      one, otherwise derived from the reply code or the local failure)
 * @param replyCode     the SMTP reply code, or 0 when no reply was received (DNS failure, no connection)
 * @param diagnostic    the remote reply text (all lines joined with a space), or the local failure description
 * @param remoteMta     the host name of the MX that gave the answer, or {@code null} when none was reached
 * @param remoteAddress the IP address that gave the answer, or {@code null}
 * @param attemptedAt   when the attempt ended
 */
public record RecipientOutcome(
        String recipient,
        Result result,
        String status,
        int replyCode,
        String diagnostic,
        String remoteMta,
        String remoteAddress,
        Instant attemptedAt) {

    /** The three outcomes of RFC 5321 §4.2.1 reply classes as the queue sees them. */
    public enum Result { DELIVERED, DEFERRED, FAILED }
}
