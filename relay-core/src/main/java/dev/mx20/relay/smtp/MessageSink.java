package dev.mx20.relay.smtp;

import dev.mx20.relay.spool.SpooledMessage;

/**
 * Receives each message right after it became durable and before the client gets its 250 (the queue schedules it).
 * Must not block for long and must not throw: the message is already safe in the spool whatever happens here.
 */
@FunctionalInterface
public interface MessageSink {
    /** Called once per accepted message. */
    void accepted(SpooledMessage message);
}
