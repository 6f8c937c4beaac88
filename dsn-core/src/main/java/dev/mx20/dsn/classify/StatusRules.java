package dev.mx20.dsn.classify;

import dev.mx20.dsn.taxonomy.Cause;
import dev.mx20.dsn.taxonomy.EnhancedStatus;


import static dev.mx20.dsn.taxonomy.Cause.*;

/**
 * What an RFC 3463 status code alone says about the cause, used when the diagnostic text does not decide.
 * Keyed on subject.detail (RFC 3463 §2: the class does not change the meaning); codes that say too little
 * on their own (X.0.0, X.5.0, X.7.0) are absent.
 */
final class StatusRules {
    private StatusRules() {
    }

    /**
     * [subject][detail]: read per recipient, so a table rather than a map keyed by the "subject.detail" string
     * (which built that string and hashed it every time).
     */
    private static final Cause[][] BY_SUBJECT_DETAIL = new Cause[8][31];

    /** The table as written below, "subject.detail" to cause (for StatusRulesTableTest). */
    static final java.util.Map<String, Cause> AS_WRITTEN = new java.util.HashMap<>();

    /** @param codes "subject.detail" */
    private static void put(Cause cause, String... codes) {
        for (String c : codes) {
            AS_WRITTEN.put(c, cause);
            int dot = c.indexOf('.');
            int subject = Integer.parseInt(c.substring(0, dot));
            int detail = Integer.parseInt(c.substring(dot + 1));
            if (BY_SUBJECT_DETAIL[subject][detail] != null) {
                throw new IllegalStateException("status X." + c + " given twice");
            }
            BY_SUBJECT_DETAIL[subject][detail] = cause;
        }
    }

    static {
        put(USER_UNKNOWN, "1.0", "1.1", "1.3");
        put(DOMAIN_NOT_FOUND, "1.2", "4.4");
        put(RECIPIENT_FILTERED, "1.4", "2.0", "2.1", "2.4");
        put(HAS_MOVED, "1.6", "7.17", "7.18");
        put(SENDER_REJECTED, "1.7");
        // X.1.8 "Bad sender's system address": the receiver could not route the sender's domain
        put(SENDER_DOMAIN_UNROUTABLE, "1.8");
        put(SYSTEM_ERROR, "1.9", "3.0", "3.3", "3.5", "5.4", "5.5");
        put(NULL_MX, "1.10");             // RFC 7505 §4.2
        put(MAILBOX_FULL, "2.2");
        put(MESSAGE_TOO_LARGE, "2.3", "3.4", "7.16");
        put(SYSTEM_FULL, "3.1", "4.5");
        put(NOT_ACCEPTING_MAIL, "3.2");
        put(NETWORK_ERROR, "4.0", "4.1", "4.2");
        put(DNS_FAILURE, "4.3");
        put(MAIL_LOOP, "4.6");
        put(EXPIRED_AFTER_RETRIES, "4.7");
        put(SYNTAX_ERROR, "5.1", "5.2", "5.6");
        put(RATE_LIMITED, "5.3");
        put(CONTENT_ERROR, "6.0", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8", "6.9", "6.10");
        put(SECURITY_ERROR, "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9", "7.11", "7.12",
                "7.14", "7.15", "7.19");
        put(STARTTLS_FAILED, "7.10", "7.30");
        put(MAILBOX_DISABLED, "7.13");
        put(DKIM_FAIL, "7.20", "7.21", "7.22");
        put(SPF_FAIL, "7.23", "7.24");
        put(REVERSE_DNS_MISSING, "7.25");
        put(AUTH_FAILED, "7.26", "7.29");
        // RFC 7505 §4.3 registers X.7.27 for a sender's null MX, but MTAs (Sendmail) also send it for a
        // recipient domain's null MX ("host does not accept mail"); only wording tells them apart
        put(NULL_MX, "7.27");
        put(SPAM_CONTENT, "7.28");
    }

    /** The cause the status code points to, or {@code null} when it is generic or unknown. */
    static Cause causeOf(EnhancedStatus status) {
        if (status == null || status.isSuccess()) {
            return null;
        }
        // A temporary "other or undefined" subject (4.3.0, 4.4.0) says only that something will be retried
        if (status.isTransient() && status.detail() == 0) {
            return null;
        }
        int subject = status.subject();
        int detail = status.detail();
        return subject >= 0 && subject < BY_SUBJECT_DETAIL.length && detail >= 0
                && detail < BY_SUBJECT_DETAIL[subject].length ? BY_SUBJECT_DETAIL[subject][detail] : null;
    }

    /**
     * Codes specific enough to beat a phrase of a broader cause: the IANA additions made for exactly one
     * condition (null MX, SPF/DKIM/reverse DNS failures), mailbox full and size limits.
     */
    static boolean isDecisive(EnhancedStatus status) {
        if (status == null) {
            return false;
        }
        int subject = status.subject();
        int detail = status.detail();
        return subject == 2 && (detail == 2 || detail == 3)   // X.2.2 mailbox full, X.2.3 message too large
                || subject == 3 && detail == 4                 // X.3.4 message too big for the system
                || subject == 7 && detail >= 20 && detail <= 25; // X.7.20-25: DKIM, SPF, reverse DNS (RFC 7372)
    }
}
