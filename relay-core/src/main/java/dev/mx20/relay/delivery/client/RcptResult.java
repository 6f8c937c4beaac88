package dev.mx20.relay.delivery.client;

/**
 * What one session did for one recipient.
 *
 * @param disposition delivered, failed for good, or to be tried at the next address
 * @param replyCode   the deciding SMTP reply code, 0 for a local failure (connect, timeout)
 * @param status      RFC 3463 status
 * @param diagnostic  the reply text (see {@link SmtpReply#text()}) or the local failure description
 * @param command     the command the reply answered ({@code RCPT TO}, {@code end of DATA}...), for log lines
 */
public record RcptResult(Disposition disposition, int replyCode, String status, String diagnostic, String command) {

    /** The three things a session can decide for a recipient. */
    public enum Disposition {
        /** The server took responsibility (2xx after the final dot). */
        DELIVERED,
        /** A 5xx: permanent for this recipient. */
        FAILED,
        /** A 4xx or a broken/absent session: try the next address, and defer when none is left. */
        RETRY
    }

    static RcptResult fromReply(SmtpReply reply, String command) {
        Disposition d = reply.positive() ? Disposition.DELIVERED
                : reply.permanentNegative() ? Disposition.FAILED : Disposition.RETRY;
        return new RcptResult(d, reply.code(), reply.status(), reply.text(), command);
    }

    static RcptResult local(String status, String diagnostic, String command) {
        return new RcptResult(status.startsWith("5") ? Disposition.FAILED : Disposition.RETRY, 0, status,
                diagnostic, command);
    }
}
