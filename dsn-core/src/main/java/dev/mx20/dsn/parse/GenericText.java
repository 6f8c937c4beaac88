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
        return extract(ctx.text.errorRegion(), 0, Integer.MAX_VALUE, 1000);
    }

    /**
     * Recipients found in {@code text[from, to)}: each address that begins a line (after an optional label),
     * with the lines that follow it as its diagnostic.
     */
    static List<RecipientDraft> extract(String text, int from, int to, int maxRecipients) {
        List<RecipientDraft> out = new ArrayList<>();
        String[] lines = text.substring(Math.max(0, from), Math.min(text.length(), Math.max(from, to)))
                .split("\n", -1);
        RecipientDraft cur = null;
        StringBuilder diag = new StringBuilder();
        int diagLines = 0;
        for (String raw : lines) {
            String line = raw.strip();
            String address = leadingAddress(line);
            if (address != null) {
                finish(cur, diag);
                cur = find(out, address);
                if (cur == null) {
                    if (out.size() >= maxRecipients) {
                        return out;
                    }
                    cur = new RecipientDraft(address);
                    out.add(cur);
                }
                diag.setLength(0);
                if (cur.diagnosticText != null) {
                    diag.append(cur.diagnosticText);
                }
                diagLines = 0;
                String rest = afterAddress(line, address);
                if (!rest.isEmpty()) {
                    appendDiag(diag, rest);
                    diagLines++;
                }
                continue;
            }
            if (cur == null) {
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
        return out;
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
        int start = 0;
        String lower = null;
        char c0 = line.charAt(0);
        if (!(c0 == '<' || c0 == '"' || Addresses.isLocalChar(c0)) || c0 == '-' || c0 == '.') {
            if (c0 != '*' && c0 != '(' && c0 != '[') {
                return null;
            }
            start = 1;
        }
        lower = line.toLowerCase(Locale.ROOT);
        for (String label : LABELS) {
            if (lower.startsWith(label, start)) {
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
        if (lower.startsWith("rfc822;", start)) {
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
        String lower = diag.toLowerCase(Locale.ROOT);
        int i = lower.indexOf("host ");
        while (i >= 0) {
            if (i == 0 || !Character.isLetter(lower.charAt(i - 1))) {
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
            i = lower.indexOf("host ", i + 5);
        }
        return null;
    }
}
