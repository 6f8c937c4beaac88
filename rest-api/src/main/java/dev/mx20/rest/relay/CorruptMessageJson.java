package dev.mx20.rest.relay;

import dev.mx20.relay.spool.CorruptMessage;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** One message of the hosted relay's corrupt queue, as {@code GET /relay/queue/corrupt} shows it. */
@Schema(name = "CorruptMessage", description = "A message the relay accepted but can neither deliver nor bounce.")
public record CorruptMessageJson(
        @Schema(description = "Queue identifier (as in the relay's log lines)") String queueId,
        @Schema(description = "Why it was moved to the corrupt queue",
                examples = "content file missing (19C4F0E1A2B3C0001.eml)") String reason,
        @Schema(description = "When it was moved there (ISO 8601, UTC)") Instant quarantinedAt,
        @Schema(description = "Whether its envelope file is there") boolean hasEnvelope,
        @Schema(description = "Whether its content file is there") boolean hasContent) {

    /** @return the JSON view of {@code c} */
    static CorruptMessageJson of(CorruptMessage c) {
        return new CorruptMessageJson(c.queueId(), c.reason(), c.quarantinedAt(), c.hasEnvelope(), c.hasContent());
    }
}
