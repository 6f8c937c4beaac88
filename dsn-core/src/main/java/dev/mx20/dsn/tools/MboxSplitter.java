package dev.mx20.dsn.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a corpus file that is a mailbox of several messages (mbox, RFC 4155) into its messages, as bounce tools
 * read such files (a labelled corpus numbers the recipients of all the messages of one file in order).
 *
 * <p>A message starts at a {@code From } line at the start of the file or after an empty line (RFC 4155's
 * "From_" separator; a line-start {@code From } inside a body without a preceding empty line stays body text).
 * Each message is returned without its separator line, with mboxrd quoting undone ({@code >From } and
 * {@code >>From } lose one {@code >}). A file that does not start with a separator, or holds one message only, is
 * returned unchanged (the analyzer reads a leading From_ line itself), so single-message files score as before.
 */
final class MboxSplitter {
    private MboxSplitter() {
    }

    static List<byte[]> split(byte[] file) {
        if (!startsWithSeparator(file, 0)) {
            return List.of(file);
        }
        List<byte[]> messages = new ArrayList<>();
        int start = 0;
        while (start < file.length) {
            int bodyStart = nextLine(file, start); // skip the From_ line
            int end = nextSeparator(file, bodyStart);
            messages.add(unquote(Arrays.copyOfRange(file, bodyStart, end)));
            start = end;
        }
        return messages.size() == 1 ? List.of(file) : messages;
    }

    /** Offset of the next From_ line that follows an empty line, or the file's length. */
    private static int nextSeparator(byte[] b, int from) {
        boolean previousLineEmpty = false;
        int line = from;
        while (line < b.length) {
            if (previousLineEmpty && startsWithSeparator(b, line)) {
                return line;
            }
            int next = nextLine(b, line);
            int contentEnd = next;
            if (contentEnd > line && b[contentEnd - 1] == '\n') {
                contentEnd--;
            }
            if (contentEnd > line && b[contentEnd - 1] == '\r') {
                contentEnd--;
            }
            previousLineEmpty = contentEnd == line;
            line = next;
        }
        return b.length;
    }

    private static int nextLine(byte[] b, int from) {
        int i = from;
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        return Math.min(i + 1, b.length);
    }

    private static boolean startsWithSeparator(byte[] b, int at) {
        return at + 5 <= b.length && b[at] == 'F' && b[at + 1] == 'r' && b[at + 2] == 'o' && b[at + 3] == 'm'
                && b[at + 4] == ' ';
    }

    /** mboxrd: a body line {@code >+From } was quoted by one {@code >}; remove it. */
    private static byte[] unquote(byte[] m) {
        byte[] out = new byte[m.length];
        int n = 0;
        boolean lineStart = true;
        for (int i = 0; i < m.length; i++) {
            if (lineStart && m[i] == '>') {
                int j = i;
                while (j < m.length && m[j] == '>') {
                    j++;
                }
                if (startsWithSeparator(m, j)) {
                    i++; // drop one '>'
                    if (i >= m.length) {
                        break;
                    }
                }
            }
            out[n++] = m[i];
            lineStart = m[i] == '\n';
        }
        return n == m.length ? m : Arrays.copyOf(out, n);
    }
}
