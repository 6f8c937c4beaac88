package dev.mx20.relay.dsn;

import java.util.List;

/**
 * A DSN ready to be queued: send {@code message} from the null reverse-path {@code <>} (RFC 3461 §6.2, so no DSN
 * is ever sent about it) to {@code recipient}.
 *
 * @param recipient the envelope recipient: the original message's envelope sender
 * @param kind      the gravest action reported (failed before delayed before delivered), which sets the subject
 * @param reported  the original recipients this DSN reports on, in the original order
 * @param message   the RFC 5322 message, CRLF line ends
 * @param smtpUtf8  whether this is the RFC 6533 global form (about SMTPUTF8 mail): queue it as SMTPUTF8
 *                  ({@code OutboundMessage.smtpUtf8}) so that it leaves with SMTPUTF8 where the next hop offers it,
 *                  and its UTF-8 parts are sent encoded where it does not (RFC 6533 §4)
 */
public record Dsn(String recipient, Kind kind, List<String> reported, byte[] message, boolean smtpUtf8) {
    public Dsn {
        reported = List.copyOf(reported);
        message = message.clone();
    }

    /** An RFC 3464 DSN (not about SMTPUTF8 mail). */
    public Dsn(String recipient, Kind kind, List<String> reported, byte[] message) {
        this(recipient, kind, reported, message, false);
    }

    /** The message bytes (a copy). */
    @Override
    public byte[] message() {
        return message.clone();
    }

    /**
     * Whether the DSN contains 8-bit octets (a returned 8-bit original): queue it with BODY=8BITMIME
     * ({@code OutboundMessage.eightBit}), RFC 6152.
     */
    public boolean eightBit() {
        for (byte b : message) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /** What a DSN mainly reports; RFC 3464 §2.3.3 action values. */
    public enum Kind {
        /** At least one recipient failed for good. */
        FAILED,
        /** No failure, at least one delay warning. */
        DELAYED,
        /** Only successful deliveries (NOTIFY=SUCCESS). */
        DELIVERED
    }
}
