package dev.mx20.relay.delivery;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A spooled message handed to delivery.
 *
 * @param queueId    the spool's identifier for the message (appears in every log line)
 * @param sender     the envelope sender (MAIL FROM) without brackets; empty string for the null sender {@code <>}
 * @param recipients the recipients still to deliver
 * @param envId      the ENVID parameter (RFC 3461 §4.4), or {@code null}
 * @param ret        the RET parameter (RFC 3461 §4.3), or {@code null} when not given
 * @param content    the message file: RFC 5322 bytes with CRLF line ends, as received after the DATA dot-unstuffing
 * @param arrival    when the relay accepted the message (the 250 reply)
 * @param eightBit   whether the client declared BODY=8BITMIME (RFC 6152)
 * @param smtpUtf8   whether the client declared SMTPUTF8 (RFC 6531): addresses or header fields may be UTF-8, and
 *                   the next hop must offer SMTPUTF8 when they are
 */
public record OutboundMessage(
        String queueId,
        String sender,
        List<OutboundRecipient> recipients,
        String envId,
        Ret ret,
        Path content,
        Instant arrival,
        boolean eightBit,
        boolean smtpUtf8) {

    public OutboundMessage {
        recipients = List.copyOf(recipients);
        sender = sender == null ? "" : sender;
    }

    /** A message received without SMTPUTF8 (the form before RFC 6531 support; every existing caller). */
    public OutboundMessage(String queueId, String sender, List<OutboundRecipient> recipients, String envId, Ret ret,
                           Path content, Instant arrival, boolean eightBit) {
        this(queueId, sender, recipients, envId, ret, content, arrival, eightBit, false);
    }

    /** Whether the sender is the null reverse-path, to which no DSN is ever sent (RFC 5321 §6.1, RFC 3461 §6.2). */
    public boolean hasNullSender() {
        return sender.isEmpty();
    }

    /** The RET keywords of RFC 3461 §4.3. */
    public enum Ret { FULL, HDRS }
}
