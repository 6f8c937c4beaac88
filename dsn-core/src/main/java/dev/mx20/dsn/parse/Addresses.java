package dev.mx20.dsn.parse;

import java.util.Locale;

/**
 * Finds e-mail addresses in free text with a hand-written scanner (no regex on the hot path). Accepts the
 * dot-atom forms of RFC 5322 §3.4.1 that appear in bounces; quoted local parts are rare there and skipped.
 */
final class Addresses {
    private Addresses() {
    }

    static boolean isLocalChar(char c) {
        // c > 127: RFC 6531 allows UTF-8 local parts; U+00A0 and similar spaces are excluded below
        return (c > 127 && Character.isLetterOrDigit(c)) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
    }

    static boolean isDomainChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '[' || c == ']' || c == ':' || (c > 127 && Character.isLetterOrDigit(c));
    }

    /** The first address in {@code s} at or after {@code from}, or {@code null}. */
    static String find(CharSequence s, int from) {
        int[] span = findSpan(s, from);
        return span == null ? null : s.subSequence(span[0], span[1]).toString();
    }

    /** The first address in {@code s}, or {@code null}. */
    static String find(CharSequence s) {
        return s == null ? null : find(s, 0);
    }

    /** Start and end offsets of the first address at or after {@code from}, or {@code null}. */
    static int[] findSpan(CharSequence s, int from) {
        int len = s.length();
        for (int at = indexOf(s, '@', from); at >= 0; at = indexOf(s, '@', at + 1)) {
            int start = at;
            while (start > 0 && isLocalChar(s.charAt(start - 1))) {
                start--;
            }
            while (start < at && s.charAt(start) == '.') {
                start++;
            }
            int end = at + 1;
            while (end < len && isDomainChar(s.charAt(end))) {
                end++;
            }
            while (end > at + 1 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ':'
                    || s.charAt(end - 1) == '-')) {
                end--; // "user@example.com." or "<user@example.com>:" end a sentence, not the domain
            }
            if (start < at && end > at + 1 && hasDomainShape(s, at + 1, end)) {
                return new int[] {start, end};
            }
        }
        return null;
    }

    private static boolean hasDomainShape(CharSequence s, int start, int end) {
        if (s.charAt(start) == '[') {
            return true; // address literal
        }
        for (int i = start; i < end; i++) {
            if (s.charAt(i) == '.') {
                return true;
            }
        }
        // A dotless domain ("user@localhost") is legal but in bounces mostly a false hit; accept only a
        // few letters-only names.
        return end - start <= 32;
    }

    private static int indexOf(CharSequence s, char c, int from) {
        if (s instanceof String str) {
            return str.indexOf(c, from);
        }
        for (int i = Math.max(0, from); i < s.length(); i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Normalises an address field value: strips {@code rfc822;}, comments, angle brackets, quotes and a
     * trailing dot. Returns {@code null} when nothing address-like is left.
     */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String v = Headers.typedValue(value);
        if (v == null) {
            return null;
        }
        int lt = v.indexOf('<');
        if (lt >= 0) {
            int gt = v.indexOf('>', lt + 1);
            String inner = v.substring(lt + 1, gt > lt ? gt : v.length()).trim();
            if (!inner.isEmpty()) {
                v = inner;
            }
        }
        v = v.replace("\"", "").trim();
        while (v.endsWith(".")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.indexOf('@') < 0) {
            String found = find(value);
            return found != null ? found : (v.isEmpty() ? null : v);
        }
        if (v.indexOf(' ') >= 0) {
            String found = find(v);
            return found != null ? found : v;
        }
        return v;
    }
}
