package dev.mx20.rest.dsn;

/**
 * The documented rule for "this body cannot be a message" (answered 422). RFC 5322 §2.1 says a message is
 * a header section, optionally followed by an empty line and a body; mime4j will read almost anything as
 * a message with an empty header, so the service checks the shape first:
 * <ol>
 *   <li>the body is not empty and not only white space;</li>
 *   <li>after an optional mbox {@code From } envelope line (a message saved from a mailbox), the first line
 *       is a header field: a field name of printable US-ASCII other than {@code :} (RFC 5322 §3.6.8
 *       {@code ftext}), optional white space (the obsolete form of §4.5), then {@code :};</li>
 *   <li>the header section holds no NUL byte (not allowed anywhere in a header, even by the obsolete
 *       syntax of RFC 5322 §4.1), which is what binary files almost always contain.</li>
 * </ol>
 * Anything past these checks is dsn-core's to judge: a message that is not a bounce is answered 200
 * with kind {@code not-a-bounce}.
 */
public final class MessageShape {
    private MessageShape() {
    }

    /**
     * @return {@code null} when {@code message} has the shape of a message, otherwise why not (one sentence)
     */
    public static String whyNotAMessage(byte[] message) {
        int i = 0;
        int n = message.length;
        while (i < n && isWhiteSpace(message[i])) {
            i++;
        }
        if (i == n) {
            return n == 0 ? "The request body is empty." : "The request body holds only white space.";
        }
        i = 0; // leading white space is itself a broken header section; only skip it for the emptiness test
        if (startsWith(message, 0, "From ")) {
            i = indexOf(message, 0, (byte) '\n');
            if (i < 0) {
                return "The body holds only an mbox From_ line and no message.";
            }
            i++;
        }
        int nameStart = i;
        while (i < n && message[i] >= 33 && message[i] <= 126 && message[i] != ':') {
            i++;
        }
        int nameEnd = i;
        while (i < n && (message[i] == ' ' || message[i] == '\t')) {
            i++;
        }
        if (nameEnd == nameStart || i == n || message[i] != ':') {
            return "The body does not start with a header field (\"Name: value\", RFC 5322 §2.2), so it has"
                    + " no header section.";
        }
        int headerEnd = endOfHeaderSection(message, nameStart);
        for (int k = nameStart; k < headerEnd; k++) {
            if (message[k] == 0) {
                return "The header section contains a NUL byte at offset " + k
                        + "; this looks like binary data, not an RFC 5322 message.";
            }
        }
        return null;
    }

    /**
     * The message without a leading mbox From_ line (which is not a header field and would hide the real
     * header section from a MIME parser); the same array when there is none.
     */
    public static byte[] withoutMboxFromLine(byte[] message) {
        if (!startsWith(message, 0, "From ")) {
            return message;
        }
        int lf = indexOf(message, 0, (byte) '\n');
        return lf < 0 ? new byte[0] : java.util.Arrays.copyOfRange(message, lf + 1, message.length);
    }

    /** Offset of the empty line ending the header section, or the length when there is none. */
    private static int endOfHeaderSection(byte[] m, int from) {
        for (int i = from; i < m.length; i++) {
            if (m[i] == '\n') {
                if (i + 1 < m.length && m[i + 1] == '\n') {
                    return i;
                }
                if (i + 2 < m.length && m[i + 1] == '\r' && m[i + 2] == '\n') {
                    return i;
                }
            }
        }
        return m.length;
    }

    private static boolean isWhiteSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean startsWith(byte[] m, int at, String ascii) {
        if (m.length - at < ascii.length()) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (m[at + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] m, int from, byte b) {
        for (int k = from; k < m.length; k++) {
            if (m[k] == b) {
                return k;
            }
        }
        return -1;
    }
}
