package dev.mx20.dsn.taxonomy;

/** Whether a failure is worth retrying: a hard bounce, a soft bounce, or no failure at all. */
public enum Permanence {
    /** Hard bounce: retrying the same message to the same address will fail again. */
    PERMANENT("permanent"),
    /** Soft bounce: the condition may clear; a message that expired after temporary failures is transient. */
    TRANSIENT("transient"),
    /** Not a failure (delivered, auto-reply, feedback report). */
    NONE("none");

    private final String id;

    Permanence(String id) {
        this.id = id;
    }

    /** The stable lower-case identifier used in JSON. */
    public String id() {
        return id;
    }
}
