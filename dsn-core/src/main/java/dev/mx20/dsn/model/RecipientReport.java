package dev.mx20.dsn.model;

import dev.mx20.dsn.taxonomy.Classification;

import java.util.List;

/**
 * What a report says about one recipient (RFC 3464 §2.3), plus its classification.
 *
 * @param finalRecipient    the address that failed (the {@code Final-Recipient} address, without its
 *                          {@code rfc822;} type), or {@code null} if it could not be found
 * @param originalRecipient the {@code Original-Recipient} address, or {@code null}
 * @param action            the action, or {@code null} for formats that do not state one
 * @param status            the RFC 3463 status code ({@code "5.1.1"}), or {@code null}
 * @param remoteMta         the remote MTA's name or address, without its {@code dns;} type, or {@code null}
 * @param diagnostic        the remote MTA's diagnostic, or {@code null}
 * @param lastAttemptDate   the {@code Last-Attempt-Date} as written, or {@code null}
 * @param willRetryUntil    the {@code Will-Retry-Until} as written, or {@code null}
 * @param finalLogId        the {@code Final-Log-ID}, or {@code null}
 * @param extensionFields   other per-recipient fields, in order (X- fields, unknown fields)
 * @param classification    what failed and what to do; never {@code null}
 */
public record RecipientReport(
        String finalRecipient,
        String originalRecipient,
        Action action,
        String status,
        String remoteMta,
        Diagnostic diagnostic,
        String lastAttemptDate,
        String willRetryUntil,
        String finalLogId,
        List<Field> extensionFields,
        Classification classification) {

    public RecipientReport {
        extensionFields = extensionFields == null ? List.of() : List.copyOf(extensionFields);
    }
}
