package dev.mx20.rest.dsn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = 0x0a0a0a0a0a0a0a0aL;

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
        int nul = nulInHeaderSection(message, nameStart);
        if (nul >= 0) {
            return "The header section contains a NUL byte at offset " + nul
                    + "; this looks like binary data, not an RFC 5322 message.";
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

    /**
     * Offset of the first NUL byte before the empty line that ends the header section (or before the end, when
     * there is none), or -1. One pass that looks at eight bytes at a time for the only two bytes that matter here,
     * NUL and LF (a batch runs this on every message: two byte-by-byte passes were ~2 % of its CPU).
     */
    static int nulInHeaderSection(byte[] m, int from) {
        int i = from;
        int n = m.length;
        while (i < n) {
            i = indexOfNulOrLf(m, i);
            if (i == n || m[i] == 0) {
                return i == n ? -1 : i;
            }
            // m[i] is LF: the header section ends at an empty line (LF LF, or LF CR LF)
            if (i + 1 < n && m[i + 1] == '\n' || i + 2 < n && m[i + 1] == '\r' && m[i + 2] == '\n') {
                return -1;
            }
            i++;
        }
        return -1;
    }

    /** Offset of the first NUL or LF at or after {@code from}, or the length. */
    private static int indexOfNulOrLf(byte[] m, int from) {
        int i = from;
        int n = m.length;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            long word = (long) LONGS.get(m, i);
            long lf = word ^ LFS;
            // The classic "has a zero byte" test for the word itself (NUL) and for it XOR LF (LF); exact for the
            // lowest such byte, which is the one wanted (little-endian: the lowest byte comes first).
            long found = ((word - ONES) & ~word | (lf - ONES) & ~lf) & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < n; i++) {
            if (m[i] == 0 || m[i] == '\n') {
                return i;
            }
        }
        return n;
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
