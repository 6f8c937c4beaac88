package dev.mx20.dsn.classify;

/**
 * Finds evidence that IPv6 is involved in a failing step: an IPv6 address literal (e.g.
 * {@code "connect to mx.example.net[2001:db8::25]:25: Connection timed out"}, {@code "[IPv6:2001:db8::1]"}),
 * an AAAA lookup ({@code "type=AAAA"}), or the word "ipv6". A plain scanner, no regular expression: it looks
 * for a run of hex digits and colons that has either a {@code ::} or at least seven colons, so clock times
 * ({@code 12:34:56}) and port suffixes do not count.
 */
final class Ipv6Evidence {
    private Ipv6Evidence() {
    }

    /**
     * The piece of the (normalised, lower-case) text that shows IPv6 is involved, or {@code null} when none.
     */
    static String find(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String literal = findLiteral(text);
        if (literal != null) {
            return literal;
        }
        if (text.contains("type=aaaa")) {
            return "type=aaaa";
        }
        if (text.contains("ipv6")) {
            return "ipv6";
        }
        return null;
    }

    /** The first IPv6 address literal in the text, or {@code null}. */
    static String findLiteral(String text) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            // Only a run of hex digits, colons and dots that contains a colon can be a literal: jump to the next
            // colon and back to the start of its run rather than walk every run of the text (words like "deaf").
            // The runs and their order are those of a left-to-right walk: a run starts at a hex digit or colon
            // that follows a character outside [0-9a-f:.], dots before it are skipped.
            int colon = text.indexOf(':', i);
            if (colon < 0) {
                return null;
            }
            int start = colon;
            while (start > i && isHexColonOrDot(text.charAt(start - 1))) {
                start--;
            }
            while (text.charAt(start) == '.') {
                start++;
            }
            i = colon + 1;
            while (i < n && isHexColonOrDot(text.charAt(i))) {
                i++;
            }
            // must not be glued to a word (e.g. "deadbeef:cafe" inside an identifier)
            boolean leftOk = start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1));
            if (leftOk && looksLikeIpv6(text, start, i)) {
                return text.substring(start, i);
            }
            // RFC 5321 §4.1.3 address literal "[IPv6:2001:db8::1]": the run starts inside the tag
            if (!leftOk && start >= 3 && text.startsWith("ipv6:", start - 3) && looksLikeIpv6(text, start + 2, i)) {
                return text.substring(start + 2, i);
            }
        }
        return null;
    }

    private static boolean isHexColonOrDot(char c) {
        return c == ':' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }

    private static boolean looksLikeIpv6(String text, int from, int to) {
        // a trailing ":25" port after "]" is outside the brackets; a bare "...::1:25" cannot be told apart,
        // which does not matter for evidence
        int colons = 0;
        int hexDigits = 0;
        int run = 0;
        boolean doubleColon = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == ':') {
                colons++;
                if (i + 1 < to && text.charAt(i + 1) == ':') {
                    if (doubleColon && i > from && text.charAt(i - 1) != ':') {
                        return false; // two "::" are not allowed
                    }
                    doubleColon = true;
                }
                run = 0;
            } else if (c == '.') {
                run = 0; // embedded IPv4 tail, e.g. ::ffff:192.0.2.1
            } else {
                hexDigits++;
                if (++run > 4) {
                    return false;
                }
            }
        }
        if (hexDigits == 0 || colons < 2 || colons > 8) {
            return false;
        }
        return doubleColon || colons == 7;
    }
}
