package dev.mx20.relay.spool;

import java.time.Instant;

/**
 * A message in the corrupt queue ({@code queue_directory/corrupt/}, like Postfix's): it got a 250, but the relay
 * can neither deliver nor bounce it, because its envelope cannot be read or its content file is gone. The relay
 * never deletes one; an operator inspects the files, and deletes it or repairs and releases it.
 *
 * @param queueId       its queue id
 * @param reason        why it was moved there (as written to {@code ID.reason})
 * @param quarantinedAt when it was moved there
 * @param hasEnvelope   whether its envelope file is there
 * @param hasContent    whether its content file is there
 */
public record CorruptMessage(String queueId, String reason, Instant quarantinedAt, boolean hasEnvelope,
                             boolean hasContent) {
}
