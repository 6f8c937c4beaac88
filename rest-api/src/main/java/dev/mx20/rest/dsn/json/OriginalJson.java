package dev.mx20.rest.dsn.json;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Headers of the message that could not be delivered; each is {@code null} when absent. */
@Schema(name = "OriginalMessage", description = "Headers of the message that could not be delivered, from the returned original (message/rfc822 or text/rfc822-headers part, or the text of a non-standard bounce); each is null when absent.")
public record OriginalJson(
        @Schema(description = "Message-ID of the original", examples = "<6f1c2a9e-3b7d-4e61-9d2a-1c0ffee00001@example.com>") String messageId,
        @Schema(description = "From of the original (the sender whose mail bounced)", examples = "Alice Example <alice@example.com>") String from,
        @Schema(description = "To of the original", examples = "Bob <bob@v6only.example.net>") String to,
        @Schema(description = "Subject of the original", examples = "Minutes of Friday's meeting") String subject,
        @Schema(description = "Date of the original, as written", examples = "Sat, 8 Nov 2025 10:20:40 +0100") String date) {
}
