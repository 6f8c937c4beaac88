package dev.mx20.dsn.parse;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The human-readable text of a report: every {@code text/plain} part outside the returned message, joined
 * (or, when there is none, the {@code text/html} parts with tags removed). Knows where the returned original
 * message starts inside the text, so that formats never mistake the original's addresses for recipients.
 */
final class BounceText {
    /**
     * Lines that introduce the returned original message in text bounces, lower-case, matched at the start of a
     * line (after indentation). Keyed to MTA formats:
     * Exim ("------ This is a copy of the message"), qmail ("--- Below this line is a copy"), Sendmail/V5
     * ("----- Original message follows -----", "Unsent message below"), Postfix-alikes and Exchange/Domino
     * ("----- Original message -----", "Original message headers:") and the Japanese ISPs ("The original
     * message was received").
     */
    private static final String[] ORIGINAL_MARKERS = {
        "------ this is a copy of the message",
        "--- below this line is a copy of the message",
        "----- original message follows -----",
        "-----original message-----",
        "----- original message -----",
        "--- original message follows",
        "------ original message follows",
        "----- unsent message follows -----",
        "----- unsent message below -----",
        "----- message header follows -----",
        "------ message header follows",
        "original message headers:",
        // Exchange writes that heading in the organisation's language (fr, it, sv, nl, pt; Sisimai's lists)
        "en-têtes de message d'origine",
        "intestazioni originali del messaggio:",
        "ursprungshuvuden:",
        "oorspronkelijke berichtkoppen:",
        "cabeçalhos originais da mensagem:",
        "original mail as follows:",
        "--- the header of the original message is following. ---",
        "below is a copy of the original message:",
        // OpenSMTPD's delay template closes the recipient list with this paragraph, then the line above: the
        // reason lines end here, the rest is boilerplate ("The message is kept in the queue for up to 7 days").
        "please note that this is only a temporary failure report.",
        // Courier's reports close the recipient list with a rule and this paragraph (courierdsn's template)
        "if your message was also sent to additional recipients, their delivery",
        "------ a copy of the message follows",
        "message headers follow.",
        "----- the header of the original message is following. -----",
        "---- the header of the original message is following ----",
        "content-type: message/rfc822",
        "original message follows.",
        "------- returned message --------",
        "----- headers of the original message follow",
        "included is a copy of the message header:",
        // GroupWise's Internet Agent (GWIA) before the returned message
        "possibly truncated original message follows:",
        // Smail 3 (and T-Online's fork): the banners after "Failed addresses follow:"
        "|------------------------- message text follows:",
        "|------------------------- message header follows:",
    };

    /** The characters {@link #ORIGINAL_MARKERS} start with: most lines start with none of them. */
    private static final boolean[] MARKER_FIRST_CHARS = new boolean[128];

    static {
        for (String m : ORIGINAL_MARKERS) {
            MARKER_FIRST_CHARS[m.charAt(0)] = true;
        }
    }

    private final String full;
    /** {@link #lower()}, made on first use when the constructor did not need it. */
    private String lower;
    private final int originalStart;
    private final String lowerRegion;
    /** {@link #errorRegion()}, cut once on first use: most formats ask for it, some several times. */
    private String errorRegion;

    BounceText(String full) {
        this.full = full;
        if (isLatin1(full)) {
            // Latin-1 text lower-cases char by char (same offsets), so the marker search can fold case as it
            // compares and only the error region is lower-cased: the returned original that follows it in a
            // text bounce (often half the text) is never looked at lower-case, except by a few rare readers.
            int best = findOriginalMarkerFolding(full);
            this.originalStart = best;
            this.lowerRegion = (best < 0 ? full : full.substring(0, best)).toLowerCase(Locale.ROOT);
            this.lower = best < 0 ? lowerRegion : null;
        } else {
            // Other scripts: lower-cased whole, keeping the offsets (lowerKeepingOffsets), then searched.
            this.lower = lowerKeepingOffsets(full);
            int best = findOriginalMarker(lower);
            this.originalStart = best;
            this.lowerRegion = best < 0 ? lower : lower.substring(0, best);
        }
    }

    /**
     * The text lower-cased ({@link Locale#ROOT}) with every character at the offset it has in {@code text}, so that
     * a place found in the lower-case text is the same place in the text. {@link String#toLowerCase} keeps the
     * length for every character but one: U+0130 (capital I with dot above, Turkish) becomes "i" + U+0307, which
     * shifted every later offset (a text cut at the wrong place, or past its end). Here it becomes a plain "i";
     * no marker or phrase this library looks for contains U+0307, so no match is lost.
     */
    static String lowerKeepingOffsets(String text) {
        return text.indexOf('\u0130') < 0 ? text.toLowerCase(Locale.ROOT)
                : text.replace('\u0130', 'I').toLowerCase(Locale.ROOT);
    }

    /**
     * Whether every character is in U+0000-U+00FF, i.e. whether the text survives a round trip through ISO-8859-1
     * unchanged (that charset maps exactly those characters to one byte each, anything else to '?'). Asked that way
     * because the JDK answers it with array copies and one vectorised comparison: a Latin-1 String is stored one
     * byte per character (compact strings), so encoding it is a copy, and a String holding any other character is
     * stored in two bytes per character, which {@link String#equals} rejects before comparing a character. A
     * {@code charAt} loop over the whole text was 2.6 % of an {@code analyze} profile (docs/benchmarks.md,
     * "analyze6").
     */
    static boolean isLatin1(String s) {
        return s.equals(new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1));
    }

    /**
     * {@link #findOriginalMarker} of {@code text.toLowerCase(Locale.ROOT)} for Latin-1 text, folding each
     * character as it compares ({@link Character#toLowerCase(char)} is what {@code toLowerCase} does per Latin-1
     * character) instead of lower-casing the whole text first.
     */
    private static int findOriginalMarkerFolding(String text) {
        int len = text.length();
        int pos = 0;
        while (pos < len) {
            int p = pos;
            while (p < len && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
                p++;
            }
            if (p < len) {
                char c = Character.toLowerCase(text.charAt(p));
                if (c < 128 && MARKER_FIRST_CHARS[c]) {
                    for (String m : ORIGINAL_MARKERS) {
                        if (m.charAt(0) == c && startsWithFolded(text, p, m)) {
                            return pos;
                        }
                    }
                }
            }
            int eol = text.indexOf('\n', p);
            if (eol < 0) {
                break;
            }
            pos = eol + 1;
        }
        return -1;
    }

    /** Whether {@code text} lower-cased has the lower-case {@code marker} at {@code at}. */
    private static boolean startsWithFolded(String text, int at, String marker) {
        if (at + marker.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < marker.length(); i++) {
            if (Character.toLowerCase(text.charAt(at + i)) != marker.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Offset of the first line that starts (after indentation) with one of {@link #ORIGINAL_MARKERS}, or -1.
     * One pass over the lines, comparing only markers whose first character matches: this runs on every message.
     */
    static int findOriginalMarker(String lower) {
        int len = lower.length();
        int pos = 0;
        while (pos < len) {
            int p = pos;
            while (p < len && (lower.charAt(p) == ' ' || lower.charAt(p) == '\t')) {
                p++;
            }
            if (p < len && lower.charAt(p) < 128 && MARKER_FIRST_CHARS[lower.charAt(p)]) {
                char c = lower.charAt(p);
                for (String m : ORIGINAL_MARKERS) {
                    if (m.charAt(0) == c && lower.startsWith(m, p)) {
                        return pos;
                    }
                }
            }
            int eol = lower.indexOf('\n', p);
            if (eol < 0) {
                break;
            }
            pos = eol + 1;
        }
        return -1;
    }

    static BounceText of(ParsedMail mail) {
        String only = null; // the one report text part, taken as it is (most reports have one)
        StringBuilder b = null;
        for (MailPart p : mail.parts()) {
            if (isReportText(p)) {
                if (b == null && only == null) {
                    only = p.text();
                    continue;
                }
                if (b == null) {
                    b = new StringBuilder(only.length() + p.text().length() + 1).append(only);
                }
                if (!b.isEmpty()) {
                    b.append('\n');
                }
                b.append(p.text());
            }
        }
        String joined = b != null ? b.toString() : only != null ? only : "";
        if (joined.isEmpty()) {
            StringBuilder html = new StringBuilder();
            for (MailPart p : mail.parts()) {
                if (!p.insideAttachedMessage() && p.is("text/html")) {
                    html.append(Html.toText(p.text())).append('\n');
                }
            }
            joined = html.toString();
        }
        return new BounceText(normaliseNewlines(joined));
    }

    /**
     * Whether a part is joined into the report text; when one with text precedes a {@code text/html} part, the
     * HTML is never read ({@link MimeReader} leaves it undecoded).
     */
    static boolean isReportText(MailPart p) {
        return !p.insideAttachedMessage() && (p.is("text/plain") || p.is("text/enriched")) && !isAttachment(p);
    }

    /** A text part sent as a file (e.g. the original headers as "mailheaders.txt"), not as the report text. */
    private static boolean isAttachment(MailPart p) {
        String d = Headers.first(p.headers(), "Content-Disposition");
        return d != null && d.toLowerCase(Locale.ROOT).startsWith("attachment");
    }

    /** CRLF and bare CR become LF so that formats see one line convention. */
    static String normaliseNewlines(String str) {
        if (str.indexOf('\r') < 0) {
            return str; // the common case after mime4j's line handling of 8-bit parts: no copy at all
        }
        // CRLF first (the JDK's String.replace builds the result in one array), then the CRs left, which are the
        // bare ones: a CR directly followed by LF is exactly a CRLF, so the two steps give what one pass would.
        String lf = str.replace("\r\n", "\n");
        return lf.indexOf('\r') < 0 ? lf : lf.replace('\r', '\n');
    }

    /** The whole text. */
    String full() {
        return full;
    }

    /** The whole text, lower-case, with the same offsets as {@link #full()} ({@link #lowerKeepingOffsets}). */
    String lower() {
        String l = lower;
        if (l == null) {
            l = lowerKeepingOffsets(full);
            lower = l;
        }
        return l;
    }

    /** {@link #errorRegion()} lower-cased: where family markers are looked for. */
    String lowerRegion() {
        return lowerRegion;
    }

    /** Offset of the line introducing the returned original, or {@code -1}. */
    int originalStart() {
        return originalStart;
    }

    /** The text before the returned original: where the error report is. */
    String errorRegion() {
        String region = errorRegion;
        if (region == null) {
            region = originalStart < 0 ? full : full.substring(0, originalStart);
            errorRegion = region;
        }
        return region;
    }
}
