package dev.mx20.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * An RFC 9457 problem details object, the body of every error answer ({@code application/problem+json}).
 *
 * @param type     a URI naming the problem type; {@code about:blank} when the HTTP status says it all
 *                 (RFC 9457 §4.2.1), otherwise one of the {@link ProblemType} tag URIs
 * @param title    a short, human-readable summary of the problem type (same for every occurrence)
 * @param status   the HTTP status code, repeated for clients that lose the status line
 * @param detail   what went wrong with this request, in plain language
 * @param instance the request path the problem occurred on
 * @param violations for 400 answers to invalid parameters: which parameter broke which rule; else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details, sent as application/problem+json with every error.")
public record Problem(
        @Schema(description = "Problem type URI (about:blank or a tag: URI listed in docs/rest-api.md)",
                examples = "tag:mx20.dev,2025:problem/message-too-large")
        String type,
        @Schema(description = "Short summary of the problem type", examples = "Message too large")
        String title,
        @Schema(description = "HTTP status code", examples = "413")
        int status,
        @Schema(description = "What went wrong with this request",
                examples = "The message is larger than the limit of 10485760 bytes (mx20.dsn.max-message-size).")
        String detail,
        @Schema(description = "The request path", examples = "/dsn/classify")
        String instance,
        @Schema(description = "Invalid parameters (400 answers to constraint violations only)")
        List<Violation> violations) {

    /** The media type of problem details, RFC 9457 §3. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One broken parameter rule. */
    @Schema(name = "Violation", description = "One parameter or field that broke its rule, and the rule")
    public record Violation(
            @Schema(description = "Parameter path", examples = "top") String field,
            @Schema(description = "The rule it broke", examples = "must be a whole number from 1 to 100") String message) {
    }

    /** A problem without violations. */
    public static Problem of(ProblemType type, int status, String detail, String instance) {
        return new Problem(type.uri(), type.title(), status, detail, instance, null);
    }
}
