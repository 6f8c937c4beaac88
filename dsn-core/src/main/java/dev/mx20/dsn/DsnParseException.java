package dev.mx20.dsn;

/**
 * The one exception {@link BounceAnalyzer} throws: the input could not be read as a message at all
 * (for example an I/O error on the stream). Malformed but readable input yields a report with warnings instead.
 */
public final class DsnParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public DsnParseException(String message) {
        super(message);
    }

    public DsnParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
