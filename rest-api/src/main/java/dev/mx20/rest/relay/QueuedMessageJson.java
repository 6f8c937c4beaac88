package dev.mx20.rest.relay;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.spool.SpooledMessage;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One queued message as {@code GET /relay/queue} shows it: what {@code mailq} shows, plus the retry schedule.
 * The spool's file paths are left out on purpose (they tell a client nothing it can use and reveal the layout).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "QueuedMessage", description = "A message in the hosted relay's queue.")
public record QueuedMessageJson(
        @Schema(description = "Queue identifier (as in the relay's log lines and `mx20-relay queue list`)")
        String queueId,
        @Schema(description = "Envelope sender (MAIL FROM); empty string for the null sender <> (bounces)",
                examples = "alice@example.org")
        String sender,
        @Schema(description = "Recipients not yet delivered nor failed")
        List<Recipient> recipients,
        @Schema(description = "Size of the spooled content in bytes; absent when the message left the spool "
                + "while the list was being made")
        Long size,
        @Schema(description = "When the relay answered 250 for the message (ISO 8601, UTC)")
        Instant arrival,
        @Schema(description = "Delivery attempts made so far")
        int attempts,
        @Schema(description = "When the next attempt is due (ISO 8601, UTC); a flush makes it now")
        Instant nextAttempt,
        @Schema(description = "RFC 3461 ENVID, when the sender gave one")
        String envId,
        @Schema(description = "Why the last attempt deferred, per recipient (empty before the first attempt)")
        List<LastError> lastErrors,
        @Schema(description = "On hold (POST /relay/queue/{id}/hold, like postsuper -h): kept but not retried until "
                + "released")
        boolean held,
        @Schema(description = "Why the relay put the message on hold itself: queue_error_limit errors of its own in a "
                + "row (spool, DSN writer); absent when not held, or held by an operator",
                examples = "5 queue errors in a row, the last: java.io.IOException: No space left on device")
        String heldReason) {

    /** One pending recipient. */
    @Schema(name = "QueuedRecipient", description = "A recipient of a queued message that is neither delivered nor failed yet")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recipient(
            @Schema(description = "Envelope recipient (RCPT TO)", examples = "bob@example.com") String address,
            @Schema(description = "RFC 3461 ORCPT as received") String orcpt,
            @Schema(description = "RFC 3461 NOTIFY keywords; empty when not given (failures and delays)",
                    enumeration = {"never", "success", "failure", "delay"}) List<String> notifyOn) {
    }

    /** The outcome of the last attempt for one deferred recipient. */
    @Schema(name = "QueueLastError", description = "Why the last attempt for one recipient was deferred")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastError(
            @Schema(description = "Envelope recipient", examples = "bob@example.com") String recipient,
            @Schema(description = "RFC 3463 enhanced status code", examples = "4.4.1") String status,
            @Schema(description = "SMTP reply code; absent when no server answered (DNS failure, no connection)",
                    examples = "421") Integer replyCode,
            @Schema(description = "The remote reply text, or the local failure",
                    examples = "connect to [2001:db8::1]:25: Connection refused") String diagnostic,
            @Schema(description = "Host name of the server that answered") String remoteMta,
            @Schema(description = "IP address of the server that answered") String remoteAddress,
            @Schema(description = "When the attempt ended (ISO 8601, UTC)") Instant attemptedAt) {

        static LastError of(RecipientOutcome o) {
            return new LastError(o.recipient(), o.status(), o.replyCode() == 0 ? null : o.replyCode(), o.diagnostic(),
                    o.remoteMta(), o.remoteAddress(), o.attemptedAt());
        }
    }

    /** @return the JSON view of {@code m} */
    static QueuedMessageJson of(SpooledMessage m) {
        return new QueuedMessageJson(m.queueId(), m.sender(),
                m.recipients().stream().map(QueuedMessageJson::recipient).toList(), size(m), m.arrival(),
                m.attempts(), m.nextAttempt(), m.envId(),
                m.lastOutcomes().stream().map(LastError::of).toList(), m.held(), m.heldReason());
    }

    private static Recipient recipient(OutboundRecipient r) {
        return new Recipient(r.address(), r.orcpt(),
                r.notifyOn().stream().map(n -> n.name().toLowerCase(Locale.ROOT)).sorted().toList());
    }

    private static Long size(SpooledMessage m) {
        try {
            return m.content() == null ? null : Files.size(m.content());
        } catch (IOException e) {
            return null; // delivered (and deleted) between the listing and now: not an error
        }
    }
}
