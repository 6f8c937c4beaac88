package dev.mx20.dsn.parse;

/**
 * What a {@link BounceFormat} looks at: the parsed message, its human-readable text, and the lower-cased
 * header values every format tests.
 */
final class BounceContext {
    final ParsedMail mail;
    final BounceText text;
    final String subject;
    final String from;

    BounceContext(ParsedMail mail, BounceText text) {
        this.mail = mail;
        this.text = text;
        this.subject = mail.subjectLower();
        this.from = mail.fromLower();
    }

    /** Whether a top-level header with this name exists. */
    boolean hasHeader(String name) {
        return mail.header(name) != null;
    }

    /** A top-level header value lower-cased, or the empty string. */
    String headerLower(String name) {
        String v = mail.header(name);
        return v == null ? "" : v.toLowerCase(java.util.Locale.ROOT);
    }
}
