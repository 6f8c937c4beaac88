package dev.mx20.dsn.parse;

/**
 * Finds RFC 3464 delivery-status fields written into a text part rather than a {@code message/delivery-status}
 * part: a line starting with {@code Final-Recipient:} (or {@code Original-Recipient:}) followed, in the same
 * report, by {@code Action:} or {@code Status:}. Returns where the fields begin (the {@code Reporting-MTA:} line
 * when it comes first), so the ordinary {@link DeliveryStatusParser} can read them.
 */
final class InlineDeliveryStatus {
    private InlineDeliveryStatus() {
    }

    static int find(BounceText text) {
        String lower = text.lowerRegion();
        int rcpt = lineStart(lower, "final-recipient:");
        if (rcpt < 0) {
            return -1;
        }
        if (lineStart(lower.substring(rcpt), "action:") < 0 && lineStart(lower.substring(rcpt), "status:") < 0) {
            return -1;
        }
        int orig = lineStart(lower, "original-recipient:");
        int start = orig >= 0 && orig < rcpt ? orig : rcpt;
        int mta = lineStart(lower, "reporting-mta:");
        return mta >= 0 && mta < start ? mta : start;
    }

    /** Offset of the first line that starts (after indentation) with {@code field}, or -1. */
    private static int lineStart(String lower, String field) {
        int i = lower.indexOf(field);
        while (i >= 0) {
            int b = i - 1;
            while (b >= 0 && (lower.charAt(b) == ' ' || lower.charAt(b) == '\t')) {
                b--;
            }
            if (b < 0 || lower.charAt(b) == '\n') {
                return b + 1;
            }
            i = lower.indexOf(field, i + 1);
        }
        return -1;
    }
}
