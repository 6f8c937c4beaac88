package dev.mx20.dsn.model;

import java.util.List;

/**
 * Everything mx20 learned from one message: the per-message fields of RFC 3464 §2.2, the returned
 * original message, and one {@link RecipientReport} per recipient.
 *
 * @param kind               what the message is
 * @param format             which format was recognised, e.g. {@code "rfc3464"}, {@code "postfix"},
 *                           {@code "qmail"}, {@code "exchange"}; {@code null} when none
 * @param reportingMta       the {@code Reporting-MTA} name without its {@code dns;} type, or {@code null}
 * @param dsnGateway         the {@code DSN-Gateway}, or {@code null}
 * @param receivedFromMta    the {@code Received-From-MTA}, or {@code null}
 * @param arrivalDate        the {@code Arrival-Date} as written, or {@code null}
 * @param originalEnvelopeId the {@code Original-Envelope-Id}, or {@code null}
 * @param extensionFields    other per-message fields, in order
 * @param original           the returned original message; never {@code null}
 * @param recipients         one entry per reported recipient, in the order of the report
 * @param warnings           what was odd or repaired while reading (never fatal)
 */
public record BounceReport(
        ReportKind kind,
        String format,
        String reportingMta,
        String dsnGateway,
        String receivedFromMta,
        String arrivalDate,
        String originalEnvelopeId,
        List<Field> extensionFields,
        OriginalMessage original,
        List<RecipientReport> recipients,
        List<String> warnings) {

    public BounceReport {
        extensionFields = extensionFields == null ? List.of() : List.copyOf(extensionFields);
        original = original == null ? OriginalMessage.UNKNOWN : original;
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
