package dev.mx20.rest.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.spool.SpooledMessage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue listing's JSON shows why the relay held a message itself, and nothing for other messages. */
class QueuedMessageJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private static SpooledMessage message() {
        Instant t = Instant.parse("2026-11-22T02:00:00Z");
        return new SpooledMessage("0123456789ABCDEF", "alice@example.org",
                List.of(new OutboundRecipient("bob@example.com", null, Set.of())), null, null, false, t, 3, t,
                List.of(), Path.of("does-not-exist.eml"));
    }

    @Test
    void aMessageHeldByTheRelayCarriesTheReason() throws Exception {
        JsonNode n = JSON.valueToTree(QueuedMessageJson.of(message().heldBecause("5 queue errors in a row, the last: "
                + "java.io.IOException: No space left on device")));
        assertTrue(n.get("held").asBoolean());
        assertEquals("5 queue errors in a row, the last: java.io.IOException: No space left on device",
                n.get("heldReason").asText());
        assertFalse(n.has("size"), "content gone: no size, no error");
    }

    @Test
    void anOperatorsHoldAndAQueuedMessageHaveNoReason() throws Exception {
        assertFalse(JSON.valueToTree(QueuedMessageJson.of(message().withHeld(true))).has("heldReason"));
        JsonNode released = JSON.valueToTree(QueuedMessageJson.of(message().heldBecause("x").withHeld(false)));
        assertFalse(released.get("held").asBoolean());
        assertFalse(released.has("heldReason"));
    }
}
