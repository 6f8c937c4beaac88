package dev.mx20.rest.dsn.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mx20.rest.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One line of the NDJSON answer of {@code POST /dsn/classify/batch}: either {@code report} or {@code error}.
 *
 * @param index          1-based position of the message in the mailbox
 * @param envelopeSender the sender on the message's From_ line
 * @param size           the message's size in bytes
 * @param report         the analysis, when the message could be analysed
 * @param error          why the message could not be analysed (RFC 9457 problem details)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "BatchEntry", description = "One NDJSON line: the report of one message, or an error for it.")
public record BatchEntryJson(
        @Schema(description = "1-based position in the mailbox", examples = "3") int index,
        @Schema(description = "Sender on the From_ line", examples = "MAILER-DAEMON") String envelopeSender,
        @Schema(description = "Message size in bytes", examples = "2690") long size,
        @Schema(description = "The analysis, when the message could be analysed; else null") ReportJson report,
        @Schema(description = "Why the message could not be analysed (RFC 9457 problem details); else null") Problem error) {
}
