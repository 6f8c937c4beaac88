package dev.mx20.dsn.parse;

/**
 * Finds RFC 3463 enhanced status codes ({@code class.subject.detail}) and RFC 5321 §4.2 reply codes in
 * text, with hand-written scanners (they run on every diagnostic, so no regex).
 */
final class StatusCodes {
    private StatusCodes() {
    }

    /**
     * The first enhanced status code in {@code s}: class 2, 4 or 5, subject and detail of 1 to 3 digits
     * (RFC 3463 §2), not part of a longer dotted number such as an IP address. {@code null} if none.
     */
    static String findStatus(CharSequence s) {
        if (s == null) {
            return null;
        }
        int len = s.length();
        for (int i = 0; i + 4 < len; i++) {
            char c = s.charAt(i);
            if ((c != '2' && c != '4' && c != '5') || s.charAt(i + 1) != '.') {
                continue;
            }
            if (i > 0 && !isStatusBoundary(s.charAt(i - 1))) {
                continue;
            }
            int j = i + 2;
            int d1 = digits(s, j);
            if (d1 < 1 || d1 > 3 || j + d1 >= len || s.charAt(j + d1) != '.') {
                continue;
            }
            int k = j + d1 + 1;
            int d2 = digits(s, k);
            if (d2 < 1 || d2 > 3) {
                continue;
            }
            int end = k + d2;
            if (end < len && (s.charAt(end) == '.' && end + 1 < len && Character.isDigit(s.charAt(end + 1))
                    || Character.isLetterOrDigit(s.charAt(end)))) {
                continue; // 5.1.1.1 is an IP address or a version, not a status
            }
            return s.subSequence(i, end).toString();
        }
        return null;
    }

    private static boolean isStatusBoundary(char c) {
        return !(Character.isLetterOrDigit(c) || c == '.');
    }

    private static int digits(CharSequence s, int from) {
        int n = 0;
        while (from + n < s.length() && s.charAt(from + n) >= '0' && s.charAt(from + n) <= '9') {
            n++;
        }
        return n;
    }

    /**
     * Normalises a {@code Status} field value ({@code "5.1.1 (user unknown)"}, {@code "550 5.1.1"},
     * {@code "5.1.10"}) to {@code class.subject.detail}; {@code null} when it holds no status code.
     */
    static String normaliseStatus(String value) {
        return findStatus(value);
    }

    /**
     * The first SMTP reply code in {@code s}: three digits, the first 2, 4 or 5 and the second 0 to 5
     * (RFC 5321 §4.2), standing alone or followed by {@code -} (continuation line) or a space. Digits inside
     * longer numbers, addresses or dotted codes do not count.
     */
    static Integer findReplyCode(CharSequence s) {
        if (s == null) {
            return null;
        }
        int first = replyCodeAt(s, 0);
        if (first < 0) {
            return null;
        }
        if (s.charAt(first) == '2') {
            // A 2xx before a 4xx/5xx is a greeting or an accepted command ("220-mx ... 421 4.2.1 refused"),
            // not the failure: report the failure's code when there is one.
            for (int at = replyCodeAt(s, first + 3); at >= 0; at = replyCodeAt(s, at + 3)) {
                if (s.charAt(at) != '2') {
                    return codeAt(s, at);
                }
            }
        }
        return codeAt(s, first);
    }

    private static int codeAt(CharSequence s, int i) {
        return (s.charAt(i) - '0') * 100 + (s.charAt(i + 1) - '0') * 10 + (s.charAt(i + 2) - '0');
    }

    /** Offset of the first reply code at or after {@code from}, or -1. */
    private static int replyCodeAt(CharSequence s, int from) {
        int len = s.length();
        for (int i = from; i + 2 < len; i++) {
            char c = s.charAt(i);
            if (c != '2' && c != '4' && c != '5') {
                continue;
            }
            char c1 = s.charAt(i + 1);
            char c2 = s.charAt(i + 2);
            if (c1 < '0' || c1 > '5' || c2 < '0' || c2 > '9') {
                continue;
            }
            if (i > 0) {
                char p = s.charAt(i - 1);
                if (Character.isLetterOrDigit(p) || p == '.' || p == '-' || p == '@' || p == '#' || p == '/'
                        || p == '_' || p == ',') {
                    continue;
                }
            }
            if (i + 3 < len) {
                char n = s.charAt(i + 3);
                if (n != ' ' && n != '-' && n != '\t' && n != '\r' && n != '\n' && n != ')' && n != ']'
                        && n != ',' && n != ';' && n != '"' && n != ':' && n != '\'') {
                    continue;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The enhanced status code the remote server itself sent: the one right after an SMTP reply code
     * ({@code 550 5.7.1}, {@code 550-5.7.1}, {@code 550-'5.7.1}), as RFC 2034 §3 prescribes. {@code null} when the
     * text has no such pair.
     */
    static String statusAfterReplyCode(CharSequence s) {
        if (s == null) {
            return null;
        }
        int len = s.length();
        for (int i = 0; i + 4 < len; i++) {
            char c = s.charAt(i);
            if ((c != '2' && c != '4' && c != '5') || i > 0 && Character.isLetterOrDigit(s.charAt(i - 1))) {
                continue;
            }
            if (!Character.isDigit(s.charAt(i + 1)) || !Character.isDigit(s.charAt(i + 2))) {
                continue;
            }
            int j = i + 3;
            int skipped = 0;
            while (j < len && skipped < 3 && (s.charAt(j) == ' ' || s.charAt(j) == '-' || s.charAt(j) == '\''
                    || s.charAt(j) == '"')) {
                j++;
                skipped++;
            }
            if (skipped == 0 || j >= len || s.charAt(j) != c) {
                continue;
            }
            String st = findStatus(s.subSequence(j, Math.min(len, j + 12)));
            if (st != null && s.subSequence(j, Math.min(len, j + st.length())).toString().equals(st)) {
                return st;
            }
        }
        return null;
    }

    /** The status class digit of a code, or {@code 0}. */
    static int statusClass(String status) {
        return status == null || status.isEmpty() ? 0 : status.charAt(0) - '0';
    }

    /**
     * Picks the more informative of a declared status and one found in the diagnostic: a generic
     * {@code X.0.0} in the Status field is replaced by a specific code of the same class from the text,
     * because many MTAs (Exchange, Postfix relaying a remote answer) put the remote server's precise code only
     * in the diagnostic.
     */
    static String refine(String declared, String fromText) {
        return refine(declared, fromText, null);
    }

    /**
     * Like {@link #refine(String, String)}, and also prefers {@code remoteStatus} (the code the remote server
     * sent after its reply code) over a different declared code of the same class: the reporting MTA's own
     * status is often its interpretation ({@code 4.4.7} "delivery time expired") while the remote server's
     * ({@code 4.7.1}) says why.
     */
    static String refine(String declared, String fromText, String remoteStatus) {
        if (remoteStatus != null && (declared == null || declared.charAt(0) == remoteStatus.charAt(0))
                && !remoteStatus.endsWith(".0.0")) {
            return remoteStatus;
        }
        if (declared == null) {
            return fromText;
        }
        if (fromText == null || fromText.equals(declared)) {
            return declared;
        }
        if (declared.endsWith(".0.0") && fromText.charAt(0) == declared.charAt(0) && !fromText.endsWith(".0.0")) {
            return fromText;
        }
        return declared;
    }
}
