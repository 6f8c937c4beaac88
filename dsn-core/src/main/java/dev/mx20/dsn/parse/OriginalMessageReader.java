package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Field;
import dev.mx20.dsn.model.OriginalMessage;

import java.util.List;

/**
 * Finds the header of the returned original message: an attached {@code message/rfc822} (RFC 3462 §2 third
 * part), a {@code text/rfc822-headers} part, an RFC 6533 {@code message/global-headers} or {@code message/global}
 * part, or, for text bounces, the header block that follows an "original message follows" line.
 */
final class OriginalMessageReader {
    private OriginalMessageReader() {
    }

    static OriginalMessage read(ParsedMail mail, BounceText text, int maxFields) {
        List<Field> headers = mail.attachedHeaders();
        if (headers.isEmpty()) {
            for (MailPart p : mail.parts()) {
                if (p.insideAttachedMessage()) {
                    continue;
                }
                if (p.is("text/rfc822-headers") || p.is("message/global-headers") || p.is("message/global")
                        || p.is("text/rfc822-header") || p.is("message/rfc822-headers")) {
                    headers = Headers.parseBlock(p.text(), true, maxFields);
                    if (!headers.isEmpty()) {
                        break;
                    }
                }
            }
        }
        if (headers.isEmpty() && text != null) {
            int at = text.originalStart();
            if (at >= 0) {
                headers = Headers.parseBlock(skipToHeader(text.full(), at), true, maxFields);
            }
        }
        if (headers.isEmpty()) {
            return OriginalMessage.UNKNOWN;
        }
        return new OriginalMessage(
                decoded(headers, "Message-ID"),
                decoded(headers, "From"),
                decoded(headers, "To"),
                decoded(headers, "Subject"),
                decoded(headers, "Date"));
    }

    /** From the marker line, skips to the first line that looks like a header field. */
    private static String skipToHeader(String text, int from) {
        int pos = text.indexOf('\n', from);
        if (pos < 0) {
            return "";
        }
        pos++;
        // allow a few blank or indented lines between the marker and the header block
        for (int i = 0; i < 5 && pos < text.length(); i++) {
            int eol = text.indexOf('\n', pos);
            String line = text.substring(pos, eol < 0 ? text.length() : eol).trim();
            int colon = line.indexOf(':');
            if (colon > 0 && Headers.isFieldName(line, colon)) {
                return stripIndent(text.substring(pos));
            }
            if (eol < 0) {
                break;
            }
            pos = eol + 1;
        }
        return "";
    }

    /** Some MTAs indent the quoted header block (qmail, Exim); remove the first line's indent everywhere. */
    private static String stripIndent(String s) {
        int indent = 0;
        while (indent < s.length() && s.charAt(indent) == ' ') {
            indent++;
        }
        if (indent == 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (String line : s.split("\n", -1)) {
            int cut = 0;
            while (cut < indent && cut < line.length() && line.charAt(cut) == ' ') {
                cut++;
            }
            b.append(line, cut, line.length()).append('\n');
        }
        return b.toString();
    }

    private static String decoded(List<Field> headers, String name) {
        String v = Headers.first(headers, name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return Headers.decode(v).trim();
    }
}
