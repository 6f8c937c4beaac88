package dev.mx20.rest.dsn.json;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A report field mx20 has no typed slot for, kept as received. */
@Schema(name = "Field", description = "A DSN field mx20 has no typed member for, kept as received (name and value).")
public record FieldJson(
        @Schema(description = "Field name as written", examples = "X-Postfix-Queue-ID") String name,
        @Schema(description = "Field value, unfolded", examples = "4ZxY1k2abcz9sWr") String value) {
}
