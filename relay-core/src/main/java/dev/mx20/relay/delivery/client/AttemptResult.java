package dev.mx20.relay.delivery.client;

import java.util.List;

/**
 * The result of one SMTP session with one address.
 *
 * @param greeted            whether the server sent a greeting (counts against {@code smtp_mx_session_limit})
 * @param tlsHandshakeFailed whether STARTTLS was accepted but the handshake failed (opportunistic TLS then retries
 *                           the same address in plaintext)
 * @param recipients         one result per recipient, in the order given
 */
public record AttemptResult(boolean greeted, boolean tlsHandshakeFailed, List<RcptResult> recipients) {
    public AttemptResult {
        recipients = List.copyOf(recipients);
    }
}
