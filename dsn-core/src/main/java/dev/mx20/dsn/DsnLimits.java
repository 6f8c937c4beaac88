package dev.mx20.dsn;

/**
 * Resource limits applied while reading a message, so that hostile input cannot exhaust memory or time.
 *
 * @param maxMessageBytes   messages longer than this are read only up to this many bytes (a warning says so)
 * @param maxHeaderBytes    the longest single header field accepted (longer fields are truncated)
 * @param maxHeaderCount    the most header fields read per entity
 * @param maxNestingDepth   the deepest multipart / message nesting descended into
 * @param maxRecipients     the most recipients reported for one message
 */
public record DsnLimits(
        long maxMessageBytes,
        int maxHeaderBytes,
        int maxHeaderCount,
        int maxNestingDepth,
        int maxRecipients) {

    /** 10 MiB messages, 64 KiB header fields, 1,000 fields, nesting depth 12, 1,000 recipients. */
    public static final DsnLimits DEFAULT = new DsnLimits(10L * 1024 * 1024, 64 * 1024, 1000, 12, 1000);

    public DsnLimits {
        if (maxMessageBytes <= 0 || maxHeaderBytes <= 0 || maxHeaderCount <= 0
                || maxNestingDepth <= 0 || maxRecipients <= 0) {
            throw new IllegalArgumentException("every limit must be positive");
        }
    }
}
