package dev.mx20.dsn.model;

/**
 * What kind of message was analysed. Only {@link #DSN} and {@link #BOUNCE} report failures;
 * the other kinds are recognised so that callers do not mistake them for failures.
 */
public enum ReportKind {
    /** An RFC 3464 delivery status notification reporting at least one failed recipient. */
    DSN("dsn"),
    /** A non-standard bounce (qmail, Exim, Exchange text, provider formats) reporting failures. */
    BOUNCE("bounce"),
    /** A delay notice (Action: delayed): delivery is still being attempted. */
    DELAY("delay"),
    /** A success notice (Action: delivered, relayed or expanded). */
    DELIVERED("delivered"),
    /** An automatic reply such as a vacation notice (RFC 3834). */
    AUTO_REPLY("auto-reply"),
    /** An abuse/feedback report (ARF, RFC 5965). */
    FEEDBACK_REPORT("feedback-report"),
    /** Not a delivery report of any kind. */
    NOT_A_BOUNCE("not-a-bounce");

    private final String id;

    ReportKind(String id) {
        this.id = id;
    }

    /** The stable lower-case identifier used in JSON and documentation, e.g. {@code "auto-reply"}. */
    public String id() {
        return id;
    }
}
