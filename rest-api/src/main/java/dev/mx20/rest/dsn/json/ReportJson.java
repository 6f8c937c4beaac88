package dev.mx20.rest.dsn.json;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The JSON answer of {@code POST /dsn/classify}: one analysed message. This record is the public JSON
 * contract; it is mapped from dsn-core's model by {@link ReportJsonMapper} so that the contract does not
 * move when dsn-core's internals do. Absent values are {@code null}, never missing names.
 */
// Written by a hand-made serializer (same bytes, constant texts escaped once): JSON was the service's largest cost.
@JsonSerialize(using = ReportJsonSerializer.class)
@Schema(name = "Report", description = "Everything mx20 learned from one message.")
public record ReportJson(
        @Schema(description = "What the message is", required = true,
                enumeration = {"dsn", "bounce", "delay", "delivered", "auto-reply", "feedback-report", "not-a-bounce"},
                examples = "dsn")
        String kind,
        @Schema(description = "Recognised format (rfc3464, postfix, qmail, exchange, ...), or null", examples = "rfc3464")
        String format,
        @Schema(description = "Reporting-MTA without its type (RFC 3464 §2.2.2)", examples = "mx1.example.com")
        String reportingMta,
        @Schema(description = "DSN-Gateway (RFC 3464 §2.2.3)")
        String dsnGateway,
        @Schema(description = "Received-From-MTA (RFC 3464 §2.2.4)", examples = "mail.example.com")
        String receivedFromMta,
        @Schema(description = "Arrival-Date as written (RFC 3464 §2.2.5)", examples = "Sat,  8 Nov 2025 10:20:41 +0100 (CET)")
        String arrivalDate,
        @Schema(description = "Original-Envelope-Id (RFC 3464 §2.2.1)")
        String originalEnvelopeId,
        @Schema(description = "Other per-message fields, in order (e.g. X-Postfix-Queue-ID)")
        List<FieldJson> extensionFields,
        @Schema(description = "Headers of the returned original message", required = true)
        OriginalJson original,
        @Schema(description = "One entry per reported recipient, in report order", required = true)
        List<RecipientJson> recipients,
        @Schema(description = "What was odd or repaired while reading (never fatal)", required = true)
        List<String> warnings) {
}
