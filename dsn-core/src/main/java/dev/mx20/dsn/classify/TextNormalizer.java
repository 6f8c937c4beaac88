package dev.mx20.dsn.classify;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Puts diagnostic text into the one form the rule phrases are written in: lower case (locale independent),
 * every run of white space (including folded line breaks) as one space, typographic apostrophes as {@code '}.
 * Done once per text, so that rules are plain substring tests.
 */
final class TextNormalizer {
    private TextNormalizer() {
    }

    /** ISO-2022-JP (RFC 1468), the 7-bit Japanese encoding; part of every JDK's extended charsets. */
    private static final Charset ISO_2022_JP = Charset.isSupported("ISO-2022-JP") ? Charset.forName("ISO-2022-JP") : null;

    /**
     * Amazon SES writes the remote answer behind its own name of the status code: "5.1.0 - Unknown address
     * error 550-'5.7.1 ... Access denied' (delivery attempts: 0)". The name is SES's gloss of the first code
     * (RFC 3463 §3), not what the receiving server said, so the wording is read from the quoted answer only.
     * Takes and returns normalised text; text without the gloss is returned as it is.
     */
    static String withoutSesStatusGloss(String normalized) {
        if (normalized.length() < 12 || normalized.charAt(1) != '.') {
            return normalized; // cheap pre-check: the gloss starts with a status code "5.x.x - "
        }
        java.util.regex.Matcher m = SES_GLOSS.matcher(normalized);
        return m.lookingAt() ? normalized.substring(m.end()) : normalized;
    }

    private static final java.util.regex.Pattern SES_GLOSS =
            java.util.regex.Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3} - [a-z ]{3,60}? (?=[245]\\d\\d[- ]')");

    static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        text = decodeIso2022Jp(text);
        int n = text.length();
        char[] out = new char[n];
        int len = 0;
        boolean space = true; // drops leading white space
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == '\u00a0' || c > 127 && Character.isWhitespace(c)) {
                if (c <= ' ' && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0b) {
                    continue; // other control characters are dropped, not turned into spaces
                }
                if (!space) {
                    out[len++] = ' ';
                    space = true;
                }
                continue;
            }
            space = false;
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            } else if (c == '\u2019' || c == '\u2018') {
                c = '\'';
            } else if (c > 127) {
                c = Character.toLowerCase(c);
            }
            out[len++] = c;
        }
        if (len > 0 && out[len - 1] == ' ') {
            len--;
        }
        return dropContinuationCodes(new String(out, 0, len));
    }

    /**
     * Japanese MTAs (Lotus Domino, carrier gateways) write their localised reasons in raw ISO-2022-JP even in
     * header-like fields that RFC 3464 §2.1.1 keeps to US-ASCII, such as {@code Diagnostic-Code}: the text is
     * 7-bit, with ESC $ B / ESC ( B switching between JIS X 0208 and ASCII. Left as is, the escapes hide the
     * words; decoded, they match the Japanese phrases of the rule table. Text with other characters, or no
     * JIS X 0208 escape, is returned unchanged.
     */
    static String decodeIso2022Jp(String text) {
        if (ISO_2022_JP == null || text.indexOf('\u001b') < 0
                || !text.contains("\u001b$B") && !text.contains("\u001b$@")) {
            return text;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 127) {
                return text; // already decoded by someone, or mixed: not raw ISO-2022-JP
            }
        }
        return new String(text.getBytes(StandardCharsets.US_ASCII), ISO_2022_JP);
    }

    /**
     * A multi-line SMTP reply (RFC 5321 §4.2.1) joined into one line repeats its code on every line:
     * {@code "550-5.7.1 messages with multiple 550 5.7.1 addresses in from: header"}. Later repetitions of the
     * first reply code (and the status code after it) are dropped so that phrases spanning lines match.
     */
    static String dropContinuationCodes(String text) {
        if (!mayRepeatReplyCode(text)) {
            return text;
        }
        // The tokens of text.split(" ") read in place, as [s, e) ranges: split made a list, an array and a string
        // per word of every such text (~3 % of an analyze profile on small reports). split drops trailing empty
        // tokens, so the tokens end at the last character that is not a space.
        int limit = text.length();
        while (limit > 0 && text.charAt(limit - 1) == ' ') {
            limit--;
        }
        int code = -1; // offset of the first reply token, whose three digits later tokens are compared with
        StringBuilder b = null;
        // The kept tokens are copied in runs: a kept token followed by its space is text[s, e + 1) verbatim, so only
        // a dropped token ends a run (one append per run, not one per word).
        int copyFrom = 0;
        for (int s = 0, e; s < limit; s = e + 1) {
            e = tokenEnd(text, s);
            if (code < 0) {
                if (isReplyToken(text, s, e)) {
                    code = s;
                }
                continue;
            }
            if (isReplyToken(text, s, e) && text.regionMatches(s, text, code, 3)) {
                if (b == null) {
                    b = new StringBuilder(text.length());
                }
                b.append(text, copyFrom, s); // the tokens since the last dropped one, each followed by its space
                if (e - s == 3 && e < limit && looksLikeStatus(text, e + 1, tokenEnd(text, e + 1))) {
                    e = tokenEnd(text, e + 1); // "550 5.7.1": the status after the repeated code goes too
                } else if (e - s > 4 && !looksLikeStatus(text, s + 4, e)) {
                    b.append(text, s + 4, e).append(' '); // "550-sender's" keeps "sender's"
                }
                copyFrom = e + 1;
            }
        }
        if (b == null) {
            return text;
        }
        if (copyFrom < limit) {
            b.append(text, copyFrom, limit); // the last run, without a space after its last token
        } else if (b.length() > 0) {
            b.setLength(b.length() - 1); // the space after the last kept token
        }
        return b.toString();
    }

    /** End of the space-separated token that starts at {@code from}. */
    private static int tokenEnd(String text, int from) {
        int e = text.indexOf(' ', from);
        return e < 0 ? text.length() : e;
    }

    /** Cheap pre-check: a token-initial reply code that occurs again later in the text. */
    private static boolean mayRepeatReplyCode(String text) {
        int n = text.length();
        for (int i = 0; i + 3 <= n; i++) {
            if ((i == 0 || text.charAt(i - 1) == ' ') && text.charAt(i) >= '2' && text.charAt(i) <= '5'
                    && Character.isDigit(text.charAt(i + 1)) && i + 2 < n && Character.isDigit(text.charAt(i + 2))
                    && (i + 3 == n || text.charAt(i + 3) == ' ' || text.charAt(i + 3) == '-')) {
                return text.indexOf(text.substring(i, i + 3), i + 3) >= 0;
            }
        }
        return false;
    }

    /** Whether {@code t[s, e)} is a reply token: "550", "550-5.7.1", "550-". */
    private static boolean isReplyToken(String t, int s, int e) {
        if (e - s < 3 || t.charAt(s) < '2' || t.charAt(s) > '5'
                || !Character.isDigit(t.charAt(s + 1)) || !Character.isDigit(t.charAt(s + 2))) {
            return false;
        }
        return e - s == 3 || t.charAt(s + 3) == '-';
    }

    /** Whether {@code t[s, e)} looks like an enhanced status code ("5.7.1"). */
    private static boolean looksLikeStatus(String t, int s, int e) {
        return e - s >= 5 && (t.charAt(s) == '2' || t.charAt(s) == '4' || t.charAt(s) == '5')
                && t.charAt(s + 1) == '.';
    }
}
