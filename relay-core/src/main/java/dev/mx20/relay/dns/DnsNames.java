package dev.mx20.relay.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import java.util.Locale;
import java.util.Optional;

/**
 * Host-name syntax and normal form (lower case, no trailing dot), shared by checks, DTOs and lookups. The label
 * checks are plain loops, not regular expressions: a batch check runs them for every question it asks.
 */
public final class DnsNames {
    private static final int MAX_LABEL = 63;

    private DnsNames() {
    }

    /** Lower case, surrounding blanks and one trailing dot removed. */
    public static String normalize(String name) {
        if (isNormal(name)) {
            return name; // the usual case (names built or normalized here): no copy
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** True when {@link #normalize} would return the name unchanged: no upper case, no blank ends, no final dot. */
    private static boolean isNormal(String name) {
        int len = name.length();
        if (len == 0) {
            return true;
        }
        if (name.charAt(len - 1) == '.' || Character.isWhitespace(name.charAt(0))
                || Character.isWhitespace(name.charAt(len - 1)) || name.charAt(0) <= ' ' || name.charAt(len - 1) <= ' ') {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char c = name.charAt(i);
            if (c >= 0x80 || c >= 'A' && c <= 'Z') {
                return false; // non-ASCII may lower-case differently: leave it to toLowerCase
            }
        }
        return true;
    }

    /**
     * True for a host name usable as a mail domain or MX target: at least two LDH labels, at most 253 characters
     * (RFC 1035 §2.3.4), and not an IP literal. IDNs must be given as A-labels (xn--).
     */
    public static boolean isHostName(String name) {
        if (name == null) {
            return false;
        }
        String n = normalize(name);
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        int labels = 0;
        int start = 0;
        int lastStart = 0;
        for (int i = 0; i <= n.length(); i++) {
            if (i == n.length() || n.charAt(i) == '.') {
                if (!isLdhLabel(n, start, i)) {
                    return false;
                }
                labels++;
                lastStart = start;
                start = i + 1;
            }
        }
        // the top-level label is never all-numeric (RFC 3696 §2). That also keeps out IP literals: an IPv4 one
        // ends in digits, an IPv6 one has ':' (not LDH)
        return labels >= 2 && !allDigits(n, lastStart, n.length());
    }

    /** True for a name a lookup may ask about: host-name labels, plus service labels such as {@code _25._tcp}. */
    public static boolean isQueryable(String name) {
        return isQueryableNormal(normalize(name));
    }

    private static boolean isQueryableNormal(String n) {
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= n.length(); i++) {
            if (i == n.length() || n.charAt(i) == '.') {
                if (!isLdhLabel(n, start, i) && !isServiceLabel(n, start, i)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** A letter-digit-hyphen label (RFC 1123 §2.1, RFC 5890 A-labels): 1-63 chars, no leading/trailing hyphen. */
    private static boolean isLdhLabel(String s, int from, int to) {
        int len = to - from;
        if (len < 1 || len > MAX_LABEL || !isLetterOrDigit(s.charAt(from)) || !isLetterOrDigit(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (!isLetterOrDigit(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Labels allowed in owner names for service records (_25._tcp, _mta-sts, _dmarc): "_" and 1-62 LDH chars. */
    private static boolean isServiceLabel(String s, int from, int to) {
        int len = to - from;
        if (len < 2 || len > MAX_LABEL || s.charAt(from) != '_') {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!isLetterOrDigit(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Lower-case ASCII letters and digits only: names are compared after {@link #normalize}. */
    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The dnsjava absolute name, or empty when the text is not a queryable name. */
    static Optional<Name> toName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = normalize(name);
        if (!isQueryableNormal(n)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Name.fromString(n + "."));
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }

    /** True when {@code name} equals {@code domain} or is below it. */
    public static boolean isAtOrBelow(String name, String domain) {
        String n = normalize(name);
        String d = normalize(domain);
        return n.equals(d) || n.endsWith("." + d);
    }

    /** Text form of a dnsjava name in normal form. */
    static String text(Name name) {
        return normalize(name.toString());
    }
}
