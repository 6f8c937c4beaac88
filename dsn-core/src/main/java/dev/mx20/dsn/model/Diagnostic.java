package dev.mx20.dsn.model;

/**
 * A diagnostic as reported by a remote MTA: the {@code Diagnostic-Code} field of RFC 3464 §2.3.6,
 * or the equivalent text of a non-standard bounce.
 *
 * @param type      the diagnostic type, normally {@code "smtp"}; {@code null} when unknown
 * @param text      the diagnostic text with folding removed; never {@code null}, may be empty
 * @param replyCode the SMTP reply code (RFC 5321 §4.2) found at the start of the text, or {@code null}
 */
public record Diagnostic(String type, String text, Integer replyCode) {
    public Diagnostic {
        text = text == null ? "" : text;
    }
}
