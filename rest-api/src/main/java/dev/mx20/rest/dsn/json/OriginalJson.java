package dev.mx20.rest.dsn.json;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Headers of the message that could not be delivered; each is {@code null} when absent. */
@Schema(name = "OriginalMessage")
public record OriginalJson(
        @Schema(examples = "<6f1c2a9e-3b7d-4e61-9d2a-1c0ffee00001@example.com>") String messageId,
        @Schema(examples = "Alice Example <alice@example.com>") String from,
        @Schema(examples = "Bob <bob@v6only.example.net>") String to,
        @Schema(examples = "Minutes of Friday's meeting") String subject,
        @Schema(examples = "Sat, 8 Nov 2025 10:20:40 +0100") String date) {
}
