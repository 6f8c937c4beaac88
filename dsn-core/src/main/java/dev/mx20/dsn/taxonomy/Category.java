package dev.mx20.dsn.taxonomy;

import java.util.Locale;

/**
 * The coarse failure reason, named as in Sisimai (the de-facto standard of the field) so that its
 * users find their categories. Follows Sisimai's list as of late 2025: {@code mesgtoobig} and
 * {@code exceedlimit} were merged into {@link #EMAILTOOLARGE}, {@code toomanyconn} and
 * {@code speeding} into {@link #RATELIMITED}; {@link #SUPPRESSED} and {@link #FAILEDSTARTTLS} were added.
 */
public enum Category {
    AUTHFAILURE, BADREPUTATION, BLOCKED, CONTENTERROR, DELIVERED, EMAILTOOLARGE, EXPIRED,
    FAILEDSTARTTLS, FEEDBACK, FILTERED, HASMOVED, HOSTUNKNOWN, MAILBOXFULL, MAILERERROR,
    NETWORKERROR, NOTACCEPT, NOTCOMPLIANTRFC, NORELAYING, ONHOLD, POLICYVIOLATION, RATELIMITED,
    REJECTED, REQUIREPTR, SECURITYERROR, SPAMDETECTED, SUPPRESSED, SUSPEND, SYNTAXERROR,
    SYSTEMERROR, SYSTEMFULL, UNDEFINED, USERUNKNOWN, VACATION, VIRUSDETECTED;

    /** The lower-case name, e.g. {@code "userunknown"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Looks up a category by name, accepting the names Sisimai retired in 2025
     * ({@code mesgtoobig}, {@code exceedlimit}, {@code toomanyconn}, {@code speeding}).
     *
     * @return the category, or {@code null} if the name is unknown
     */
    public static Category fromId(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "mesgtoobig":
            case "exceedlimit":
                return EMAILTOOLARGE;
            case "toomanyconn":
            case "speeding":
                return RATELIMITED;
            default:
                for (Category c : values()) {
                    if (c.id().equals(n)) {
                        return c;
                    }
                }
                return null;
        }
    }
}
