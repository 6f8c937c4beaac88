package dev.mx20.dsn.parse;

import java.nio.charset.StandardCharsets;

/**
 * Repairs a multipart whose {@code boundary} parameter (RFC 2046 §5.1.1) matches no delimiter line in the body,
 * which happens with hand-edited, anonymised or badly relayed bounces: the first {@code --token} line of the
 * body is taken as the boundary and the header parameter rewritten.
 */
final class BoundaryRepair {
    private BoundaryRepair() {
    }

    /** The message with the boundary parameter replaced, or {@code null} when no delimiter line is found. */
    static byte[] repair(byte[] msg, int start, String contentType) {
        if (contentType == null) {
            return null;
        }
        String declared = MimeReader.parameter(contentType, "boundary");
        int body = bodyStart(msg, start);
        String found = firstDelimiter(msg, body);
        if (found == null || declared == null || found.equalsIgnoreCase(declared)) {
            return null;
        }
        String head = new String(msg, start, body - start, StandardCharsets.ISO_8859_1);
        int at = head.toLowerCase(java.util.Locale.ROOT).indexOf(declared);
        if (at < 0) {
            return null;
        }
        String fixed = head.substring(0, at) + found + head.substring(at + declared.length());
        byte[] fixedHead = fixed.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[fixedHead.length + msg.length - body];
        System.arraycopy(fixedHead, 0, out, 0, fixedHead.length);
        System.arraycopy(msg, body, out, fixedHead.length, msg.length - body);
        return out;
    }

    /** Offset of the body: after the first empty line (CRLF or LF), or the end. */
    static int bodyStart(byte[] b, int start) {
        for (int i = start; i < b.length; i++) {
            if (b[i] == '\n') {
                int j = i + 1;
                if (j < b.length && b[j] == '\r') {
                    j++;
                }
                if (j < b.length && b[j] == '\n') {
                    return j + 1;
                }
                if (j >= b.length) {
                    return b.length;
                }
            }
        }
        return b.length;
    }

    /** The token of the first line {@code --token} (no spaces, 1..70 chars, RFC 2046 §5.1.1) after {@code from}. */
    private static String firstDelimiter(byte[] b, int from) {
        int lineStart = from;
        for (int i = from; i <= b.length; i++) {
            if (i == b.length || b[i] == '\n') {
                int end = i > lineStart && b[i - 1] == '\r' ? i - 1 : i;
                if (end - lineStart > 2 && end - lineStart <= 72 && b[lineStart] == '-' && b[lineStart + 1] == '-') {
                    String token = new String(b, lineStart + 2, end - lineStart - 2, StandardCharsets.ISO_8859_1);
                    if (token.indexOf(' ') < 0 && !token.startsWith("-") && token.length() > 1) {
                        return token.endsWith("--") ? token.substring(0, token.length() - 2) : token;
                    }
                }
                lineStart = i + 1;
            }
        }
        return null;
    }
}
