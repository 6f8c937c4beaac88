package dev.mx20.rest.dsn.json;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The summary answer of {@code POST /dsn/classify/batch}: the table an operator wants after a week of bounces.
 * Count maps are ordered by count, largest first. "Failed" recipients are those whose permanence is not
 * {@code none} (hard and soft bounces, delays included).
 */
@Schema(name = "BatchSummary", description = "The summary of a mailbox (Accept: application/json): counts by kind, category, cause and permanence, the share of IPv6-related failures, the top remote MTAs and recipient domains.")
public record BatchSummaryJson(
        @Schema(description = "Messages found in the mailbox", examples = "1200") long messages,
        @Schema(description = "Messages analysed", examples = "1198") long analysed,
        @Schema(description = "Messages that could not be analysed (see errorsByType)", examples = "2") long errors,
        @Schema(description = "Recipients reported, all kinds", examples = "1305") long recipients,
        @Schema(description = "Recipients whose permanence is permanent or transient", examples = "1290") long failedRecipients,
        @Schema(description = "Failed recipients whose cause involves IPv6", examples = "312") long ipv6Failures,
        @Schema(description = "ipv6Failures / failedRecipients, 0 when there are none", examples = "0.2419") double ipv6Share,
        @Schema(description = "Messages by kind") Map<String, Long> byKind,
        @Schema(description = "Failed recipients by category") Map<String, Long> byCategory,
        @Schema(description = "Failed recipients by cause") Map<String, Long> byCause,
        @Schema(description = "Failed recipients by permanence") Map<String, Long> byPermanence,
        @Schema(description = "Unanalysable messages by problem type") Map<String, Long> errorsByType,
        @Schema(description = "Remote MTAs with the most failed recipients") List<CountJson> topRemoteMtas,
        @Schema(description = "Recipient domains with the most failed recipients") List<CountJson> topRecipientDomains) {

    /** A name and how often it occurred. */
    @Schema(name = "Count", description = "A name and how many failed recipients it had.")
    public record CountJson(
            @Schema(description = "Remote MTA host or recipient domain", examples = "aspmx.l.google.com") String name,
            @Schema(description = "Failed recipients", examples = "42") long count) {
    }
}
