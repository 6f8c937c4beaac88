package dev.mx20.dsn.classify;

import dev.mx20.dsn.model.Field;
import dev.mx20.dsn.taxonomy.Cause;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.mx20.dsn.taxonomy.Cause.*;

/**
 * The sending MTA's own verdict in a per-recipient DSN extension field (RFC 3464 §2.4 allows "X-" fields):
 * PowerMTA writes {@code X-PowerMTA-BounceCategory: bad-mailbox} after classifying the remote answer with its
 * bounce-category rules. The category is decided from the whole SMTP exchange, so it outranks re-reading the
 * quoted text (e.g. "550 5.2.1 ... User Unknown" under {@code bad-mailbox} is a missing mailbox).
 * Only the categories whose meaning is one cause are mapped; "other" and the like fall through to the text.
 * au (KDDI) marks the notices of mail its spam filter refused with the header {@code X-SPASIGN: NG}, which the
 * kddi reader hands on to each recipient as a field of that name: the recipient's filter, whatever the text says.
 */
final class BounceCategoryField {
    private BounceCategoryField() {
    }

    static final String POWERMTA = "X-PowerMTA-BounceCategory";
    static final String SPASIGN = "X-SPASIGN";

    private static final Map<String, Cause> POWERMTA_CATEGORIES = Map.of(
            "bad-domain", DOMAIN_NOT_FOUND,
            "bad-mailbox", USER_UNKNOWN,
            "inactive-mailbox", MAILBOX_DISABLED,
            "message-expired", EXPIRED_AFTER_RETRIES,
            "no-answer-from-host", NETWORK_ERROR,
            "policy-related", POLICY_VIOLATION,
            "quota-issues", MAILBOX_FULL,
            "routing-errors", SYSTEM_ERROR,
            "spam-related", SPAM_CONTENT);

    /** The category field's value, or {@code null} when the recipient has none. */
    static String categoryOf(List<Field> fields) {
        if (fields == null) {
            return null;
        }
        for (Field f : fields) {
            if (POWERMTA.equalsIgnoreCase(f.name()) && f.value() != null) {
                return f.value().trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** The cause the category names, or {@code null} when there is no field or its category is not mapped. */
    static Cause causeOf(List<Field> fields) {
        if (spamFiltered(fields)) {
            return RECIPIENT_FILTERED;
        }
        String category = categoryOf(fields);
        return category == null ? null : POWERMTA_CATEGORIES.get(category);
    }

    /** The field and value {@link #causeOf} decided on, for the evidence. */
    static String evidenceOf(List<Field> fields) {
        return spamFiltered(fields) ? SPASIGN + ": NG" : POWERMTA + ": " + categoryOf(fields);
    }

    private static boolean spamFiltered(List<Field> fields) {
        if (fields == null) {
            return false;
        }
        for (Field f : fields) {
            if (SPASIGN.equalsIgnoreCase(f.name()) && f.value() != null && "NG".equalsIgnoreCase(f.value().trim())) {
                return true;
            }
        }
        return false;
    }
}
