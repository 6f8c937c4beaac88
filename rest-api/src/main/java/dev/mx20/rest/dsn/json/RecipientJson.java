package dev.mx20.rest.dsn.json;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** What a report says about one recipient (RFC 3464 §2.3) and mx20's verdict on it. */
@Schema(name = "Recipient", description = "One recipient of the report: the RFC 3464 per-recipient fields, and mx20's classification of what happened to it")
public record RecipientJson(
        @Schema(description = "Final-Recipient address without its type", examples = "erin@example.net")
        String finalRecipient,
        @Schema(description = "Original-Recipient address without its type")
        String originalRecipient,
        @Schema(description = "Action (RFC 3464 §2.3.3)",
                enumeration = {"failed", "delayed", "delivered", "relayed", "expanded"}, examples = "failed")
        String action,
        @Schema(description = "RFC 3463 status code", examples = "5.1.1")
        String status,
        @Schema(description = "Remote-MTA without its type", examples = "mailhost.example.net")
        String remoteMta,
        @Schema(description = "Diagnostic-Code, or null")
        DiagnosticJson diagnostic,
        @Schema(description = "Last-Attempt-Date as written", examples = "Fri, 14 Nov 2025 13:48:03 GMT")
        String lastAttemptDate,
        @Schema(description = "Will-Retry-Until as written (delay notices)")
        String willRetryUntil,
        @Schema(description = "Final-Log-ID")
        String finalLogId,
        @Schema(description = "Other per-recipient fields, in order")
        List<FieldJson> extensionFields,
        @Schema(description = "Sisimai-compatible category (lower case)", examples = "userunknown")
        String category,
        @Schema(description = "Fine-grained, stable cause identifier (kebab-case, docs/taxonomy.md)",
                examples = "mailbox-does-not-exist")
        String cause,
        @Schema(description = "Hard bounce, soft bounce or no failure",
                enumeration = {"permanent", "transient", "none"}, examples = "permanent")
        String permanence,
        @Schema(description = "true when IPv6 is part of the cause", examples = "false")
        boolean ipv6,
        @Schema(description = "What happened, in plain language")
        String explanation,
        @Schema(description = "What to do about it, in plain language")
        String remedy,
        @Schema(description = "The report text that decided the verdict", examples = "550 5.1.1 <erin@example.net>... User unknown")
        String evidence) {
}
