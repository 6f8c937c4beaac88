package dev.mx20.dsn.taxonomy;

import java.util.HashMap;
import java.util.Map;

/**
 * An enhanced mail system status code, {@code class.subject.detail} (RFC 3463 §2), with its registered meaning
 * (RFC 3463 §3 and the later additions in the IANA "SMTP Enhanced Status Codes" registry, e.g. RFC 7505's null MX
 * codes X.1.10 / X.7.27 and RFC 7372's X.7.20 to X.7.29).
 *
 * @param statusClass 2 success, 4 persistent transient failure, 5 permanent failure
 * @param subject     0 to 999 (RFC 3463 §2: "1*3digit")
 * @param detail      0 to 999
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {

    private static final Map<String, String> SUBJECTS = Map.of(
            "0", "Other or undefined status",
            "1", "Addressing status",
            "2", "Mailbox status",
            "3", "Mail system status",
            "4", "Network and routing status",
            "5", "Mail delivery protocol status",
            "6", "Message content or media status",
            "7", "Security or policy status");

    /** subject.detail to meaning; the class does not change the meaning (RFC 3463 §2). */
    private static final Map<String, String> MEANINGS = new HashMap<>();

    static {
        String[][] table = {
            {"0.0", "Other undefined status"},
            {"1.0", "Other address status"},
            {"1.1", "Bad destination mailbox address"},
            {"1.2", "Bad destination system address"},
            {"1.3", "Bad destination mailbox address syntax"},
            {"1.4", "Destination mailbox address ambiguous"},
            {"1.5", "Destination address valid"},
            {"1.6", "Destination mailbox has moved, no forwarding address"},
            {"1.7", "Bad sender's mailbox address syntax"},
            {"1.8", "Bad sender's system address"},
            {"1.9", "Message relayed to non-compliant mailer"},
            {"1.10", "Recipient address has null MX"},
            {"2.0", "Other or undefined mailbox status"},
            {"2.1", "Mailbox disabled, not accepting messages"},
            {"2.2", "Mailbox full"},
            {"2.3", "Message length exceeds administrative limit"},
            {"2.4", "Mailing list expansion problem"},
            {"3.0", "Other or undefined mail system status"},
            {"3.1", "Mail system full"},
            {"3.2", "System not accepting network messages"},
            {"3.3", "System not capable of selected features"},
            {"3.4", "Message too big for system"},
            {"3.5", "System incorrectly configured"},
            {"3.6", "Requested priority was changed"},
            {"4.0", "Other or undefined network or routing status"},
            {"4.1", "No answer from host"},
            {"4.2", "Bad connection"},
            {"4.3", "Directory server failure"},
            {"4.4", "Unable to route"},
            {"4.5", "Mail system congestion"},
            {"4.6", "Routing loop detected"},
            {"4.7", "Delivery time expired"},
            {"5.0", "Other or undefined protocol status"},
            {"5.1", "Invalid command"},
            {"5.2", "Syntax error"},
            {"5.3", "Too many recipients"},
            {"5.4", "Invalid command arguments"},
            {"5.5", "Wrong protocol version"},
            {"5.6", "Authentication exchange line is too long"},
            {"6.0", "Other or undefined media error"},
            {"6.1", "Media not supported"},
            {"6.2", "Conversion required and prohibited"},
            {"6.3", "Conversion required but not supported"},
            {"6.4", "Conversion with loss performed"},
            {"6.5", "Conversion failed"},
            {"6.6", "Message content not available"},
            {"6.7", "Non-ASCII addresses not permitted for that sender/recipient"},
            {"6.8", "UTF-8 string reply is required, but not permitted by the SMTP client"},
            {"6.9", "UTF-8 header message cannot be transferred to one or more recipients"},
            {"7.0", "Other or undefined security status"},
            {"7.1", "Delivery not authorized, message refused"},
            {"7.2", "Mailing list expansion prohibited"},
            {"7.3", "Security conversion required but not possible"},
            {"7.4", "Security features not supported"},
            {"7.5", "Cryptographic failure"},
            {"7.6", "Cryptographic algorithm not supported"},
            {"7.7", "Message integrity failure"},
            {"7.8", "Authentication credentials invalid"},
            {"7.9", "Authentication mechanism is too weak"},
            {"7.10", "Encryption needed"},
            {"7.11", "Encryption required for requested authentication mechanism"},
            {"7.12", "A password transition is needed"},
            {"7.13", "User account disabled"},
            {"7.14", "Trust relationship required"},
            {"7.15", "Priority level is too low"},
            {"7.16", "Message is too big for the specified priority"},
            {"7.17", "Mailbox owner has changed"},
            {"7.18", "Domain owner has changed"},
            {"7.19", "RRVS test cannot be completed"},
            {"7.20", "No passing DKIM signature found"},
            {"7.21", "No acceptable DKIM signature found"},
            {"7.22", "No valid author-matched DKIM signature found"},
            {"7.23", "SPF validation failed"},
            {"7.24", "SPF validation error"},
            {"7.25", "Reverse DNS validation failed"},
            {"7.26", "Multiple authentication checks failed"},
            {"7.27", "Sender address has null MX"},
            {"7.28", "Mail flood detected"},
            {"7.29", "ARC validation failure"},
            {"7.30", "REQUIRETLS support required"},
        };
        for (String[] row : table) {
            MEANINGS.put(row[0], row[1]);
        }
    }

    public EnhancedStatus {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("class must be 2, 4 or 5: " + statusClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("subject and detail must be 0..999");
        }
    }

    /**
     * Parses a status code such as {@code "5.1.1"} (surrounding blanks and a trailing comment are ignored).
     *
     * @return the status, or {@code null} when the value is not a well-formed RFC 3463 code
     */
    public static EnhancedStatus parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        int end = 0;
        while (end < v.length() && (Character.isDigit(v.charAt(end)) || v.charAt(end) == '.')) {
            end++;
        }
        return at(v, 0, end);
    }

    /**
     * Finds the first status code written inside a text, e.g. the {@code 5.7.25} of
     * {@code "550-5.7.25 [2001:db8::1] The IP address sending this message does not have a PTR record"}.
     * A code must stand alone: not glued to other digits, dots or letters (so IP addresses and versions
     * such as {@code 10.5.1.1} do not count), and its subject must be one RFC 3463 defines (0 to 7).
     *
     * @return the first status found, or {@code null}
     */
    public static EnhancedStatus find(CharSequence text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if ((c == '2' || c == '4' || c == '5') && i + 1 < n && text.charAt(i + 1) == '.'
                    && (i == 0 || !isCodeChar(text.charAt(i - 1)))) {
                int end = i;
                while (end < n && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
                    end++;
                }
                int stop = end;
                // a sentence may end right after the code ("... 5.1.1."); drop that dot
                if (stop > i && text.charAt(stop - 1) == '.') {
                    stop--;
                }
                if (end < n && Character.isLetterOrDigit(text.charAt(end))) {
                    continue;
                }
                EnhancedStatus s = at(text, i, stop);
                // RFC 3463 defines subjects 0 to 7; "2.10.1" in running text is a version number
                if (s != null && s.subject() <= 7) {
                    return s;
                }
            }
        }
        return null;
    }

    private static boolean isCodeChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.';
    }

    /** Parses exactly {@code text[from, to)} as d.ddd.ddd, or returns null. */
    private static EnhancedStatus at(CharSequence text, int from, int to) {
        int[] parts = new int[3];
        int part = 0;
        int digits = 0;
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (digits == 0 || part == 2) {
                    return null;
                }
                parts[part++] = value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (++digits > 3 || digits == 2 && value == 0) {
                    return null; // more than three digits, or a leading zero ("5.01.1" is not a code)
                }
                value = value * 10 + (c - '0');
            } else {
                return null;
            }
        }
        if (part != 2 || digits == 0) {
            return null;
        }
        parts[2] = value;
        if (parts[0] != 2 && parts[0] != 4 && parts[0] != 5) {
            return null;
        }
        return new EnhancedStatus(parts[0], parts[1], parts[2]);
    }

    /** {@code true} for class 2 (success). */
    public boolean isSuccess() {
        return statusClass == 2;
    }

    /** {@code true} for class 4 (persistent transient failure: retrying may succeed). */
    public boolean isTransient() {
        return statusClass == 4;
    }

    /** {@code true} for class 5 (permanent failure). */
    public boolean isPermanent() {
        return statusClass == 5;
    }

    /** The code without its class, e.g. {@code "1.1"} for 5.1.1 (the part that carries the meaning). */
    public String subjectDetail() {
        return subject + "." + detail;
    }

    /** {@code true} when the code says no more than its class (X.0.0). */
    public boolean isGeneric() {
        return subject == 0 && detail == 0;
    }

    /**
     * The registered meaning, e.g. {@code "Reverse DNS validation failed"} for X.7.25; for codes that are not
     * registered (such as Sisimai's internal 5.0.9xx), the meaning of the subject, e.g. {@code "Other or
     * undefined status"}.
     */
    public String meaning() {
        String m = MEANINGS.get(subjectDetail());
        if (m != null) {
            return m;
        }
        String s = SUBJECTS.get(Integer.toString(subject));
        return s != null ? s : "Unregistered status";
    }

    /** {@code true} when the IANA registry has an entry for this subject.detail. */
    public boolean isRegistered() {
        return MEANINGS.containsKey(subjectDetail());
    }

    /** The code as written in DSNs, e.g. {@code "5.7.25"}. */
    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
