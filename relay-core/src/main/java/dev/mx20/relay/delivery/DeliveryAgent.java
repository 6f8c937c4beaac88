package dev.mx20.relay.delivery;

import java.util.List;

/**
 * Delivers one spooled message to its recipients' destinations and reports one outcome per recipient.
 * The queue decides what to do with the outcomes (remove, retry later, write a DSN).
 * Implementations must be thread-safe; they never throw for a delivery failure, they report it.
 */
public interface DeliveryAgent {
    /**
     * Attempts delivery now.
     *
     * @return exactly one outcome per recipient of {@code message}, in the same order
     */
    List<RecipientOutcome> deliver(OutboundMessage message);
}
