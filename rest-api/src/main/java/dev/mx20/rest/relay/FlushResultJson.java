package dev.mx20.rest.relay;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to {@code POST /relay/queue/flush}.
 *
 * @param rescheduled how many waiting messages were made due now
 */
@Schema(name = "FlushResult", description = "What a queue flush did.")
public record FlushResultJson(
        @Schema(description = "Deferred messages made due now; messages being delivered at this moment are not "
                + "counted (they are not waiting)", examples = "3")
        int rescheduled) {
}
