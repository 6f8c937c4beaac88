package dev.mx20.dsn.model;

import java.util.Locale;

/** The per-recipient {@code Action} field of RFC 3464 §2.3.3. */
public enum Action {
    FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED;

    /** The lower-case form used in DSNs and JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an Action field value, case-insensitively, ignoring a trailing comment.
     *
     * @return the action, or {@code null} when the value is not one of the five RFC 3464 actions
     */
    public static Action parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        int cut = v.indexOf('(');
        if (cut >= 0) {
            v = v.substring(0, cut).trim();
        }
        for (Action a : values()) {
            if (a.id().equals(v)) {
                return a;
            }
        }
        return null;
    }
}
