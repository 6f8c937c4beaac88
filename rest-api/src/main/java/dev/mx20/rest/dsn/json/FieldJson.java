package dev.mx20.rest.dsn.json;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A report field mx20 has no typed slot for, kept as received. */
@Schema(name = "Field")
public record FieldJson(
        @Schema(examples = "X-Postfix-Queue-ID") String name,
        @Schema(examples = "4ZxY1k2abcz9sWr") String value) {
}
