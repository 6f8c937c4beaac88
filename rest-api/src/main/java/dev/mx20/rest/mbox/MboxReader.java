package dev.mx20.rest.mbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an mbox mailbox into messages while reading it, one message in memory at a time.
 *
 * <p>Format (RFC 4155 and the mboxrd convention): each message starts with a "From_" line, a line that begins
 * with the five bytes {@code "From "}; inside messages the writer escaped such lines by prefixing {@code >}.
 * This reader accepts mboxo and mboxrd alike and un-escapes the mboxrd way: a line matching
 * {@code >+From } loses one leading {@code >}. (For an mboxo file this also turns an original
 * {@code >>From } into {@code >From }, the known ambiguity of mboxo; for bounce classification it is harmless.)
 * Any line starting with {@code "From "} separates messages, as in mutt and Python's mailbox module; the
 * single empty line that writers put before the next From_ line is removed. Line ends are kept as they are
 * (LF or CRLF).
 *
 * <p>Memory is bounded: lines are handled in chunks of at most {@value #CHUNK} bytes, a message over
 * {@code maxMessageBytes} is skipped (reported with its size and no content) and the whole mailbox is cut
 * at {@code maxTotalBytes} with {@link MailboxTooLargeException}. Not thread-safe.
 */
public final class MboxReader {
    static final int CHUNK = 8192;
    private static final int MAX_FROM_LINE_CHARS = 1000;
    private static final byte[] FROM_ = "From ".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final long maxMessageBytes;
    private final long maxTotalBytes;

    private final byte[] buf = new byte[65536];
    private int bufPos;
    private int bufEnd;
    private boolean eof;

    /** The current line chunk: {@code chunk[0..chunkLen)}, which ends its line iff {@code chunkEndsLine}. */
    private final byte[] chunk = new byte[CHUNK];
    private int chunkLen;
    private boolean chunkEndsLine;
    private boolean chunkStartsLine = true;
    private long totalBytes;

    private String pendingFromLine;
    private boolean opened;
    private int index;

    /**
     * @param in              the mailbox; read, never closed
     * @param maxMessageBytes messages larger than this are skipped (reported with {@code content == null})
     * @param maxTotalBytes   reading more than this throws {@link MailboxTooLargeException}
     */
    public MboxReader(InputStream in, long maxMessageBytes, long maxTotalBytes) {
        this.in = in;
        this.maxMessageBytes = maxMessageBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Reads up to the first From_ line. Blank lines before it are tolerated.
     *
     * @return {@code true} when the input is an mbox (its first non-blank line is a From_ line);
     *         {@code false} for an empty input or one that starts with anything else
     */
    public boolean open() throws IOException {
        if (opened) {
            throw new IllegalStateException("open() twice");
        }
        opened = true;
        while (nextChunk()) {
            if (chunkStartsLine && isFromLine()) {
                pendingFromLine = readFromLine();
                return true;
            }
            if (!isBlank()) {
                return false;
            }
        }
        return false;
    }

    /**
     * @return the next message, or {@code null} at the end of the mailbox
     * @throws MailboxTooLargeException when the mailbox passes {@code maxTotalBytes}
     * @throws IOException              when the input fails
     */
    public MboxMessage next() throws IOException {
        if (!opened) {
            throw new IllegalStateException("call open() first");
        }
        if (pendingFromLine == null) {
            return null;
        }
        String fromLine = pendingFromLine;
        pendingFromLine = null;
        ByteArrayOutputStream content = new ByteArrayOutputStream(8192);
        long size = 0;
        boolean tooLarge = false;
        while (nextChunk()) {
            int start = 0;
            if (chunkStartsLine) {
                if (isFromLine()) {
                    pendingFromLine = readFromLine();
                    break;
                }
                if (isEscapedFromLine()) {
                    start = 1; // mboxrd: ">From " -> "From ", ">>From " -> ">From "
                }
            }
            int len = chunkLen - start;
            size += len;
            if (!tooLarge && size > maxMessageBytes) {
                tooLarge = true;
                content = null; // free it now: the rest of this message is only counted
            }
            if (!tooLarge) {
                content.write(chunk, start, len);
            }
        }
        index++;
        if (tooLarge) {
            return new MboxMessage(index, fromLine, size, null);
        }
        byte[] bytes = withoutSeparatorLine(content.toByteArray(), pendingFromLine != null);
        return new MboxMessage(index, fromLine, bytes.length, bytes);
    }

    /** Bytes of the mailbox read so far. */
    public long bytesRead() {
        return totalBytes;
    }

    /** The writer's blank line before the next From_ line is not part of the message (RFC 4155 §2). */
    private static byte[] withoutSeparatorLine(byte[] m, boolean followedByFromLine) {
        int n = m.length;
        if (n >= 2 && m[n - 1] == '\n' && m[n - 2] == '\n') {
            return Arrays.copyOf(m, n - 1);
        }
        if (n >= 4 && m[n - 1] == '\n' && m[n - 2] == '\r' && m[n - 3] == '\n' && m[n - 4] == '\r') {
            return Arrays.copyOf(m, n - 2);
        }
        if (followedByFromLine && n == 1 && m[0] == '\n') {
            return new byte[0];
        }
        return m;
    }

    private boolean isFromLine() {
        return startsWithAt(0, FROM_);
    }

    private boolean isEscapedFromLine() {
        int i = 0;
        while (i < chunkLen && chunk[i] == '>') {
            i++;
        }
        return i > 0 && startsWithAt(i, FROM_);
    }

    private boolean startsWithAt(int at, byte[] prefix) {
        if (chunkLen - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (chunk[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private boolean isBlank() {
        for (int i = 0; i < chunkLen; i++) {
            byte b = chunk[i];
            if (b != '\n' && b != '\r' && b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The current chunk starts a From_ line: returns the line (capped), consuming any further chunks of it. */
    private String readFromLine() throws IOException {
        int len = chunkLen;
        while (len > 0 && (chunk[len - 1] == '\n' || chunk[len - 1] == '\r')) {
            len--;
        }
        String line = new String(chunk, 0, Math.min(len, MAX_FROM_LINE_CHARS), StandardCharsets.ISO_8859_1);
        while (!chunkEndsLine && nextChunk()) {
            // the rest of an absurdly long From_ line: not content, skip it
        }
        return line;
    }

    /**
     * Loads the next chunk: bytes up to and including the next LF, at most {@value #CHUNK} of them.
     *
     * @return {@code false} at the end of input
     */
    private boolean nextChunk() throws IOException {
        chunkStartsLine = chunkLen == 0 || chunkEndsLine;
        chunkLen = 0;
        chunkEndsLine = false;
        while (chunkLen < CHUNK) {
            if (bufPos == bufEnd && !fill()) {
                break;
            }
            int limit = Math.min(bufEnd, bufPos + (CHUNK - chunkLen));
            int i = bufPos;
            while (i < limit && buf[i] != '\n') {
                i++;
            }
            boolean foundLf = i < limit;
            int end = foundLf ? i + 1 : limit;
            System.arraycopy(buf, bufPos, chunk, chunkLen, end - bufPos);
            chunkLen += end - bufPos;
            bufPos = end;
            if (foundLf) {
                chunkEndsLine = true;
                break;
            }
        }
        totalBytes += chunkLen;
        if (totalBytes > maxTotalBytes) {
            throw new MailboxTooLargeException(maxTotalBytes);
        }
        return chunkLen > 0;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            // read() returning 0 for a non-empty buffer breaks the InputStream contract; treat as end.
            eof = true;
            return false;
        }
        bufPos = 0;
        bufEnd = n;
        return true;
    }
}
