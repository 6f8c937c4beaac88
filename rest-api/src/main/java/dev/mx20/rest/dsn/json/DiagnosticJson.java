package dev.mx20.rest.dsn.json;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The remote MTA's diagnostic (RFC 3464 §2.3.6). */
@Schema(name = "Diagnostic", description = "Diagnostic-Code (RFC 3464 §2.3.6): what the remote server (or the reporting MTA) said.")
public record DiagnosticJson(
        @Schema(description = "Diagnostic type, normally smtp", examples = "smtp") String type,
        @Schema(description = "Diagnostic text, unfolded", examples = "550 5.1.1 <erin@example.net>... User unknown")
        String text,
        @Schema(description = "SMTP reply code (RFC 5321 §4.2) at the start of the text", examples = "550")
        Integer replyCode) {
}
