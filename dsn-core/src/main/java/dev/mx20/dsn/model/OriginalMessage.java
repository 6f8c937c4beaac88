package dev.mx20.dsn.model;

/**
 * Headers of the message that could not be delivered, as returned inside the report
 * ({@code message/rfc822}, {@code text/rfc822-headers} or {@code message/global-headers}).
 * Any field is {@code null} when absent.
 */
public record OriginalMessage(String messageId, String from, String to, String subject, String date) {
    /** An original message of which nothing is known. */
    public static final OriginalMessage UNKNOWN = new OriginalMessage(null, null, null, null, null);
}
