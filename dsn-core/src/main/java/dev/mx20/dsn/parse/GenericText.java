package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text reader most families share. Nearly every MTA writes its human-readable report the same way: a
 * line that begins with the failed address ({@code <user@example.com>:} for Postfix and qmail, an indented
 * bare address for Exim, {@code user@example.com... reason} for Sendmail), followed by the remote server's
 * answer on the next lines, up to a blank line or the next address. Families only add where the list starts
 * and ends and how they are detected.
 */
final class GenericText {
    /** Most lines one recipient's diagnostic may span, and most characters kept. */
    static final int MAX_DIAG_LINES = 24;
    static final int MAX_DIAG_CHARS = 4000;

    /**
     * Labels that put a failed address after them on the same line (lower-case, as written by Exchange,
     * Domino, Gmail, Yahoo, mail.ru, IMail, Courier and others).
     */
    private static final String[] LABELS = {
        "original-recipient:", "final-recipient:", "failed recipient:", "failed recipients:",
        "recipient address:", "recipient address rejected:", "recipients:", "recipient:", "rcpt to:",
        "delivery to the following recipient failed permanently:",
        "delivery to the following recipients failed.", "your message to ", "unknown user:", "address:",
        "the following address(es) failed:", "was not delivered to:", "could not be delivered to:",
        "mail to ", "user ", "mailbox ",
    };

    private GenericText() {
    }

    /** Recipients found in the error region (the text before the returned original). */
    static List<RecipientDraft> extractAll(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        List<RecipientDraft> found = extract(region, 0, Integer.MAX_VALUE, 1000);
        if (found.isEmpty()) {
            found = addressesInSentences(ctx, region);
        }
        return found;
    }

    /**
     * Last resort for bounces that name the recipient inside a sentence ("There was an error delivering your
     * mail to &lt;user@example.com&gt;", "Could not be delivered to: &lt;...&gt;"): every address in the error region
     * that is not the bounce's own addressee (the original sender) nor a mailer-daemon, with the whole error
     * region as diagnostic.
     */
    static List<RecipientDraft> addressesInSentences(BounceContext ctx, String region) {
        String to = ctx.headerLower("To");
        List<RecipientDraft> out = new ArrayList<>();
        int pos = 0;
        int[] span;
        while ((span = Addresses.findSpan(region, pos)) != null && out.size() < 20) {
            pos = span[1];
            String a = region.substring(span[0], span[1]);
            String la = a.toLowerCase(Locale.ROOT);
            if (to.contains(la) || la.startsWith("mailer-daemon@") || la.startsWith("postmaster@")
                    || la.startsWith("abuse@") || la.startsWith("noreply") || la.startsWith("no-reply")
                    || find(out, a) != null) {
                continue;
            }
            out.add(new RecipientDraft(a));
        }
        if (out.size() > 3) {
            return List.of(); // a list of contacts or links, not recipients
        }
        String diag = joinLines(region, 0);
        for (RecipientDraft r : out) {
            r.diagnosticText = diag.isEmpty() ? null : diag;
            completeFromText(r);
        }
        return out;
    }

    /** Non-blank lines of {@code text} from {@code from} joined by spaces, bounded by {@link #MAX_DIAG_CHARS}. */
    static String joinLines(String text, int from) {
        StringBuilder b = new StringBuilder();
        int lines = 0;
        // the lines of split("\n") but for trailing empty ones, which the loop skips anyway
        for (int pos = Math.min(from, text.length()), eol; pos < text.length(); pos = eol + 1) {
            eol = Lines.end(text, pos);
            String t = Lines.stripped(text, pos, eol);
            if (t.isEmpty() || t.startsWith("--") && t.length() > 20 && t.indexOf(' ') < 0 || isRule(t)) {
                continue;
            }
            if (++lines > MAX_DIAG_LINES * 2) {
                break;
            }
            appendDiag(b, t);
        }
        return b.toString();
    }

    private static boolean hasCodes(String s) {
        return StatusCodes.findReplyCode(s) != null || StatusCodes.findStatus(s) != null;
    }

    private static boolean hasLetters(String s) {
        int letters = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                letters++;
            }
        }
        return letters >= 3;
    }

    private static boolean isRule(String t) {
        if (t.length() < 8) {
            return false;
        }
        char c = t.charAt(0);
        if (c != '=' && c != '-' && c != '*' && c != '_') {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) != c) {
                return false;
            }
        }
        return true;
    }

    /**
     * Recipients found in {@code text[from, to)}: each address that begins a line (after an optional label),
     * with the lines that follow it as its diagnostic.
     */
    static List<RecipientDraft> extract(String text, int from, int to, int maxRecipients) {
        List<RecipientDraft> out = new ArrayList<>();
        String scope = text.substring(Math.max(0, from), Math.min(text.length(), Math.max(from, to)));
        int offset = 0;
        int lastLineEnd = -1;
        RecipientDraft cur = null;
        StringBuilder diag = new StringBuilder();
        StringBuilder paragraph = new StringBuilder(); // lines before a recipient: some formats explain first
        java.util.Map<RecipientDraft, String> before = new java.util.IdentityHashMap<>();
        int diagLines = 0;
        // every line of split("\n", -1), trailing empty ones included
        for (int pos = 0, eol; pos <= scope.length(); pos = eol + 1) {
            eol = Lines.end(scope, pos);
            offset += eol - pos + 1;
            String line = Lines.stripped(scope, pos, eol);
            String address = leadingAddress(line);
            if (address != null) {
                lastLineEnd = offset;
                finish(cur, diag);
                cur = find(out, address);
                if (cur == null) {
                    if (out.size() >= maxRecipients) {
                        return out;
                    }
                    cur = new RecipientDraft(address);
                    out.add(cur);
                    String prefix = line.substring(0, Math.max(0, line.indexOf(address)));
                    if (hasLetters(prefix)) {
                        appendDiag(paragraph, prefix.replace("<", "").trim());
                    }
                    if (!paragraph.isEmpty()) {
                        before.put(cur, paragraph.toString());
                    }
                }
                if (line.startsWith(">>> ")) {
                    SmtpCommand.put(cur, SmtpCommand.of(line)); // transcript: ">>> RCPT TO:<address>"
                }
                paragraph.setLength(0);
                diag.setLength(0);
                if (cur.diagnosticText != null) {
                    diag.append(cur.diagnosticText);
                }
                diagLines = 0;
                // A transcript's ">>> RCPT TO:<addr>" (Courier, Sendmail) repeats the address but is part of the
                // answer: kept whole so SmtpCommand sees which command was refused.
                String rest = line.startsWith(">>> ") && line.regionMatches(true, 4, "rcpt to:", 0, 8) ? line
                        : afterAddress(line, address);
                if (!rest.isEmpty()) {
                    appendDiag(diag, rest);
                    diagLines++;
                }
                continue;
            }
            if (cur == null) {
                // Keep the lines since the last recipient (not only the last paragraph): Japanese carriers and
                // others explain first, then list the address after a blank line.
                if (!line.isEmpty() && !isRule(line)) {
                    appendDiag(paragraph, line);
                }
                continue;
            }
            if (line.isEmpty()) {
                if (diagLines > 0) {
                    finish(cur, diag);
                    cur = null;
                }
                continue;
            }
            if (diagLines < MAX_DIAG_LINES) {
                appendDiag(diag, line);
                diagLines++;
            }
        }
        finish(cur, diag);
        for (RecipientDraft r : out) {
            String b = before.get(r);
            if (b == null) {
                continue;
            }
            if (r.diagnosticText == null) {
                r.diagnosticText = b;
                r.diagnosticType = "smtp";
                completeFromText(r);
            } else if (!hasCodes(r.diagnosticText) && hasCodes(b)) {
                // "Could not be delivered because of 550 5.1.1 User unknown / The following recipients were
                // affected: ..." (MailMarshal and others): the reason came first, the lines after are trivia.
                r.diagnosticText = b + " " + r.diagnosticText;
                completeFromText(r);
            }
        }
        if (!out.isEmpty() && lastLineEnd >= 0) {
            String shared = null;
            RecipientDraft holder = null;
            for (RecipientDraft r : out) {
                if (r.diagnosticText == null || StatusCodes.findReplyCode(r.diagnosticText) == null
                        && StatusCodes.findStatus(r.diagnosticText) == null) {
                    if (shared == null) {
                        shared = joinLines(scope, lastLineEnd);
                        holder = holderOf(out, shared);
                    }
                    // The lines after the last address are often that recipient's own reason (Postfix
                    // "<b@x>: Host or domain name not found. ... for\n    name=mx.x type=AAAA: ...", Exim
                    // "  b@x\n    all relevant MX records point to non-existent hosts"): a recipient with a
                    // reason of its own does not get it too. Bare addresses before a common reason still do.
                    if (!shared.isEmpty() && r != holder && (r.diagnosticText == null || holder == null)) {
                        // the recipient's own line may be the first line of the shared text ("because:" then the
                        // reason after a blank line, Domino; "For the following reason:", 1&1): not twice
                        r.diagnosticText = r.diagnosticText == null || shared.startsWith(r.diagnosticText) ? shared
                                : r.diagnosticText + " " + shared;
                        r.diagnosticType = "smtp";
                        completeFromText(r);
                    }
                }
            }
        }
        return out;
    }

    /** The recipient whose diagnostic already ends with {@code shared} (the lines after the last address), or null. */
    private static RecipientDraft holderOf(List<RecipientDraft> out, String shared) {
        for (RecipientDraft r : out) {
            if (r.diagnosticText != null && !shared.isEmpty() && r.diagnosticText.endsWith(shared)) {
                return r;
            }
        }
        return null;
    }

    private static RecipientDraft find(List<RecipientDraft> list, String address) {
        for (RecipientDraft r : list) {
            if (r.finalRecipient.equalsIgnoreCase(address)) {
                return r;
            }
        }
        return null;
    }

    private static void appendDiag(StringBuilder diag, String text) {
        if (diag.length() >= MAX_DIAG_CHARS) {
            return;
        }
        if (!diag.isEmpty()) {
            diag.append(' ');
        }
        diag.append(text, 0, Math.min(text.length(), MAX_DIAG_CHARS - diag.length()));
    }

    private static void finish(RecipientDraft r, StringBuilder diag) {
        if (r == null) {
            return;
        }
        String d = diag.toString().trim();
        if (!d.isEmpty()) {
            r.diagnosticText = d;
            r.diagnosticType = "smtp";
        }
        completeFromText(r);
    }

    /** Status, reply code and remote MTA from a recipient's diagnostic text. */
    static void completeFromText(RecipientDraft r) {
        if (r.diagnosticText == null) {
            return;
        }
        r.completeFromDiagnostic();
        if (r.remoteMta == null) {
            r.remoteMta = remoteHost(r.diagnosticText);
        }
    }

    /**
     * The address a line begins with, after an optional label ({@code Recipient:}) and quoting
     * ({@code <...>}, {@code "..."}), or {@code null}. The address must be followed by the end of the line,
     * a colon, {@code ...} (Sendmail), a space, a comma or a closing bracket.
     */
    static String leadingAddress(String line) {
        if (line.isEmpty() || line.indexOf('@') < 0) {
            return null;
        }
        int start = skipBullet(line);
        if (start < 0) {
            return null;
        }
        // The labels are compared folding case in place: the old lower-cased copy of every line with an '@' was
        // most of this method's allocation (startsWithLower says why the answers are the same).
        for (String label : LABELS) {
            if (startsWithLower(line, start, label)) {
                start += label.length();
                while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
                    start++;
                }
                break;
            }
        }
        while (start < line.length() && (line.charAt(start) == '<' || line.charAt(start) == '"'
                || line.charAt(start) == '\'')) {
            start++;
        }
        if (startsWithLower(line, start, "rfc822;")) {
            start += 7;
            while (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
        }
        int[] span = Addresses.findSpan(line, start);
        if (span == null || span[0] != start) {
            return null;
        }
        int end = span[1];
        if (end < line.length()) {
            char n = line.charAt(end);
            if (!(n == '>' || n == ':' || n == '.' || n == ' ' || n == ',' || n == ')' || n == ']'
                    || n == '"' || n == '\'' || n == ';' || n == '\t')) {
                return null;
            }
        }
        return line.substring(span[0], end);
    }

    /**
     * {@code line.toLowerCase(Locale.ROOT).startsWith(label, at)} for a lower-case ASCII {@code label} and a
     * {@code line} whose characters before {@code at} are ASCII (what {@link #leadingAddress} passes: a bullet, a
     * label, spaces, quotes), without the lower-cased copy. Lower-casing a whole String maps each character as
     * {@link Character#toLowerCase(char)} does, with one exception that can produce ASCII: U+0130 becomes "i" plus
     * U+0307 (two characters) in the root locale, which no label can match past (none ends in "i", and U+0307 is not
     * ASCII), so that character simply fails the comparison here. Offsets agree up to {@code at} because the
     * characters before it are ASCII.
     */
    static boolean startsWithLower(String line, int at, String label) {
        if (at < 0 || at + label.length() > line.length()) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = line.charAt(at + i);
            if (c == '\u0130' || Character.toLowerCase(c) != label.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Offset after a list bullet ({@code * }, {@code - }, {@code >>> }, {@code (}, {@code [}) at the start of
     * a line, 0 when there is none, -1 when the line cannot start with an address.
     */
    private static int skipBullet(String line) {
        char c0 = line.charAt(0);
        if (c0 == '<' || c0 == '"' || (Addresses.isLocalChar(c0) && c0 != '-' && c0 != '.' && c0 != '*')) {
            return 0;
        }
        if (line.startsWith(">>> ") || line.startsWith("* ") || line.startsWith("- ") || line.startsWith("-> ")) {
            return line.indexOf(' ') + 1;
        }
        if (c0 == '*' || c0 == '(' || c0 == '[') {
            return 1;
        }
        return -1;
    }

    /** What follows the address on its line, without brackets and separators. */
    private static String afterAddress(String line, String address) {
        int i = line.indexOf(address);
        if (i < 0) {
            return "";
        }
        int p = i + address.length();
        while (p < line.length()) {
            char c = line.charAt(p);
            if (c == '>' || c == ':' || c == '.' || c == ' ' || c == ',' || c == '"' || c == '\'' || c == ';'
                    || c == '\t') {
                p++;
            } else {
                break;
            }
        }
        return line.substring(p).trim();
    }

    /**
     * The remote host named in a diagnostic: Postfix "host mx.example.com[192.0.2.1] said", Exim
     * "host mx.example.com [192.0.2.1]:", qmail "remote host 192.0.2.1 said". {@code null} when none.
     */
    static String remoteHost(String diag) {
        // "host " is looked for in the text itself, folding ASCII case: an index into a lower-cased copy is not an
        // index into the text, because lower-casing may change the length (U+0130 becomes two chars), and the host
        // name was then cut at a shifted place, or past the end (an exception, reported as an internal error). No
        // other character lower-cases to one of these ASCII letters, so the matches are the same otherwise.
        for (int i = indexOfHostWord(diag, 0); i >= 0; i = indexOfHostWord(diag, i + 5)) {
            if (i == 0 || !Character.isLetter(diag.charAt(i - 1))) {
                int s = i + 5;
                int e = s;
                while (e < diag.length() && diag.charAt(e) != ' ' && diag.charAt(e) != '['
                        && diag.charAt(e) != ':' && diag.charAt(e) != ',' && diag.charAt(e) != ')') {
                    e++;
                }
                String host = diag.substring(s, e);
                if (host.indexOf('.') > 0 && host.indexOf('@') < 0 && !host.endsWith(".")) {
                    return host;
                }
            }
        }
        return null;
    }

    /** The next "host " at or after {@code from}, ASCII letters in any case; -1 when none. */
    private static int indexOfHostWord(String text, int from) {
        for (int i = from, last = text.length() - 5; i <= last; i++) {
            if ((text.charAt(i) | 0x20) == 'h' && (text.charAt(i + 1) | 0x20) == 'o'
                    && (text.charAt(i + 2) | 0x20) == 's' && (text.charAt(i + 3) | 0x20) == 't'
                    && text.charAt(i + 4) == ' ') {
                return i;
            }
        }
        return -1;
    }
}
