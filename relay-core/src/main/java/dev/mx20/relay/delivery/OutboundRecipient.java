package dev.mx20.relay.delivery;

import java.util.Set;

/**
 * One recipient of a queued message, with the DSN parameters its sender gave (RFC 3461 §4).
 *
 * @param address the envelope recipient (RCPT TO), e.g. {@code user@example.com}
 * @param orcpt   the ORCPT parameter as received (RFC 3461 §4.2, e.g. {@code rfc822;user@example.com}), or {@code null}
 * @param notifyOn the NOTIFY parameter (RFC 3461 §4.1); empty means not given (the default: failures and delays)
 */
public record OutboundRecipient(String address, String orcpt, Set<Notify> notifyOn) {
    public OutboundRecipient {
        notifyOn = notifyOn == null ? Set.of() : Set.copyOf(notifyOn);
    }

    /** The NOTIFY keywords of RFC 3461 §4.1. */
    public enum Notify { NEVER, SUCCESS, FAILURE, DELAY }
}
