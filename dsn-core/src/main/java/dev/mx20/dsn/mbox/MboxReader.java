package dev.mx20.dsn.mbox;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits an mbox mailbox into messages while reading it, one message in memory at a time: the way to read a
 * bounce mailbox (a list manager's or a relay's) with {@link dev.mx20.dsn.BounceAnalyzer}, which reads one
 * message per call ({@link dev.mx20.dsn.BounceAnalyzer#analyzeMailbox} does both).
 *
 * <pre>{@code
 * MboxReader mailbox = new MboxReader(in, 10 << 20, Long.MAX_VALUE);
 * if (mailbox.open()) {
 *     for (MboxMessage m; (m = mailbox.next()) != null; ) {
 *         if (!m.tooLarge()) {
 *             BounceReport report = analyzer.analyze(m.content());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Format (RFC 4155 and the mboxrd convention): each message starts with a "From_" line, a line that begins
 * with the five bytes {@code "From "}; inside messages the writer escaped such lines by prefixing {@code >}.
 * This reader accepts mboxo and mboxrd alike and un-escapes the mboxrd way: a line matching
 * {@code >+From } loses one leading {@code >}. (For an mboxo file this also turns an original
 * {@code >>From } into {@code >From }, the known ambiguity of mboxo; for bounce classification it is harmless.)
 * Any line starting with {@code "From "} separates messages, as in mutt and Python's mailbox module, even one
 * not preceded by an empty line (a writer that did not escape a body line splits its message there; requiring
 * the empty line would instead glue two messages together when a writer omitted it); the single empty line that writers put before the next From_ line is removed. Line ends are kept as they are
 * (LF or CRLF). Bytes are bytes: no charset is assumed, any byte sequence is read without an exception.
 *
 * <p>Memory is bounded: lines are handled in chunks of at most {@value #CHUNK} bytes, a message over
 * {@code maxMessageBytes} is skipped (reported with its size and no content, and the next message is read as
 * usual) and the whole mailbox is cut at {@code maxTotalBytes} with {@link MailboxTooLargeException}. Each byte
 * is copied twice: from the input buffer into a message buffer that is reused from message to message, and from
 * there into the message's own array. Not thread-safe: one reader per mailbox, on one thread.
 */
public final class MboxReader {
    static final int CHUNK = 8192;
    private static final int MAX_FROM_LINE_CHARS = 1000;
    private static final byte[] FROM_ = "From ".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LF_BYTES = 0x0a0a0a0a0a0a0a0aL;

    /** Which lines that start with {@code "From "} separate messages. */
    public enum Separator {
        /**
         * Every such line (as mutt and Python's {@code mailbox} read): a writer that left a body line
         * unescaped splits its message there, but two messages concatenated without the blank line between them
         * stay two. The default.
         */
        ANY_FROM_LINE,
        /**
         * Only one at the start of the mailbox or after an empty line, the layout well-behaved writers produce: an
         * unescaped body line {@code "From ..."} right after text stays body text, and a message whose writer
         * left out the blank line is read as part of the one before.
         */
        AFTER_EMPTY_LINE
    }

    /** Something to do before the reader waits for more input (see {@link #beforeEachRead}). */
    @FunctionalInterface
    public interface BeforeRead {
        /** Runs before each read of the underlying stream. */
        void run() throws IOException;
    }

    private final InputStream in;
    private final long maxMessageBytes;
    private final long maxTotalBytes;
    private final Separator separator;
    private BeforeRead beforeRead = () -> { };

    /*
     * Input buffer. The current line chunk is a view into it, buf[chunkOff, chunkOff + chunkLen), so a line
     * is copied once, into the message, and never through an intermediate array. The buffer is larger than
     * CHUNK, so compacting it always leaves room for a whole chunk.
     */
    private final byte[] buf = new byte[65536];
    private int bufPos;
    private int bufEnd;
    private boolean eof;

    private int chunkOff;
    private int chunkLen;
    private boolean chunkEndsLine;
    private boolean chunkStartsLine = true;
    private long totalBytes;

    /** The message being read; reused from message to message (its size is bounded by maxMessageBytes). */
    private byte[] message = new byte[16384];

    /** The last whole line handed out was empty (LF or CRLF alone); for {@link Separator#AFTER_EMPTY_LINE}. */
    private boolean previousLineEmpty;
    private String pendingFromLine;
    private boolean opened;
    private int index;

    /**
     * A reader of {@code in}; call {@link #open()}, then {@link #next()} until it answers {@code null}.
     *
     * @param in              the mailbox; read, never closed
     * @param maxMessageBytes messages larger than this are skipped (reported with {@code content == null})
     * @param maxTotalBytes   reading more than this throws {@link MailboxTooLargeException}
     *                        ({@link Long#MAX_VALUE}: no limit)
     * @throws IllegalArgumentException when a limit is not positive
     */
    public MboxReader(InputStream in, long maxMessageBytes, long maxTotalBytes) {
        this(in, maxMessageBytes, maxTotalBytes, Separator.ANY_FROM_LINE);
    }

    /**
     * A reader of {@code in} that separates messages by the given rule.
     *
     * @see #MboxReader(InputStream, long, long)
     */
    public MboxReader(InputStream in, long maxMessageBytes, long maxTotalBytes, Separator separator) {
        this.separator = Objects.requireNonNull(separator, "separator");
        if (maxMessageBytes <= 0 || maxTotalBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxMessageBytes + ", " + maxTotalBytes);
        }
        this.in = Objects.requireNonNull(in, "in");
        this.maxMessageBytes = maxMessageBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Sets what to do before a read of the input stream that may wait for the client: whenever every byte read so
     * far has been handed out and the stream's {@link InputStream#available()} is 0 (streams that cannot tell
     * answer 0, so then it runs before every read). A service that answers while the mailbox is still
     * arriving flushes what it has written so far there (rest-api's batch endpoint does), so that no answer waits
     * for more of the mailbox to arrive.
     */
    public void beforeEachRead(BeforeRead action) {
        this.beforeRead = action;
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
        int length = 0;
        long size = 0;
        boolean tooLarge = false;
        while (nextChunk()) {
            int start = chunkOff;
            if (chunkStartsLine) {
                if (isFromLine() && (previousLineEmpty || separator == Separator.ANY_FROM_LINE)) {
                    pendingFromLine = readFromLine();
                    previousLineEmpty = false;
                    break;
                }
                if (isEscapedFromLine()) {
                    start++; // mboxrd: ">From " -> "From ", ">>From " -> ">From "
                }
            }
            int len = chunkOff + chunkLen - start;
            if (chunkEndsLine) {
                previousLineEmpty = chunkStartsLine && isEmptyLine();
            }
            size += len;
            if (!tooLarge && size > maxMessageBytes) {
                tooLarge = true; // the rest of this message is only counted
            }
            if (!tooLarge) {
                ensureCapacity(length + len);
                System.arraycopy(buf, start, message, length, len);
                length += len;
            }
        }
        index++;
        if (tooLarge) {
            return new MboxMessage(index, fromLine, size, null);
        }
        byte[] bytes = Arrays.copyOf(message, withoutSeparatorLine(message, length, pendingFromLine != null));
        return new MboxMessage(index, fromLine, bytes.length, bytes);
    }

    /** The per-message limit: larger messages are skipped ({@link MboxMessage#tooLarge()}). */
    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Bytes of the mailbox read so far. */
    public long bytesRead() {
        return totalBytes;
    }

    private void ensureCapacity(int needed) {
        if (needed > message.length) {
            // Grows geometrically, never past the per-message limit (needed <= maxMessageBytes here).
            long capacity = Math.min(Math.max(needed, 2L * message.length), maxMessageBytes);
            message = Arrays.copyOf(message, (int) Math.min(capacity, Integer.MAX_VALUE - 8));
        }
    }

    /**
     * The writer's blank line before the next From_ line is not part of the message (RFC 4155 §2).
     *
     * @return the length of {@code m[0, n)} without it
     */
    private static int withoutSeparatorLine(byte[] m, int n, boolean followedByFromLine) {
        if (n >= 2 && m[n - 1] == '\n' && m[n - 2] == '\n') {
            return n - 1;
        }
        if (n >= 4 && m[n - 1] == '\n' && m[n - 2] == '\r' && m[n - 3] == '\n' && m[n - 4] == '\r') {
            return n - 2;
        }
        if (followedByFromLine && n == 1 && m[0] == '\n') {
            return 0;
        }
        return n;
    }

    private boolean isFromLine() {
        return startsWithAt(chunkOff, FROM_);
    }

    /** The current chunk, a whole line, is LF or CRLF alone. */
    private boolean isEmptyLine() {
        return chunkLen == 1 || (chunkLen == 2 && buf[chunkOff] == '\r');
    }

    private boolean isEscapedFromLine() {
        int end = chunkOff + chunkLen;
        int i = chunkOff;
        while (i < end && buf[i] == '>') {
            i++;
        }
        return i > chunkOff && startsWithAt(i, FROM_);
    }

    private boolean startsWithAt(int at, byte[] prefix) {
        if (chunkOff + chunkLen - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (buf[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private boolean isBlank() {
        for (int i = chunkOff, end = chunkOff + chunkLen; i < end; i++) {
            byte b = buf[i];
            if (b != '\n' && b != '\r' && b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The current chunk starts a From_ line: returns the line (capped), consuming any further chunks of it. */
    private String readFromLine() throws IOException {
        int len = chunkLen;
        while (len > 0 && (buf[chunkOff + len - 1] == '\n' || buf[chunkOff + len - 1] == '\r')) {
            len--;
        }
        String line = new String(buf, chunkOff, Math.min(len, MAX_FROM_LINE_CHARS), StandardCharsets.ISO_8859_1);
        while (!chunkEndsLine && nextChunk()) {
            // the rest of an absurdly long From_ line: not content, skip it
        }
        return line;
    }

    /**
     * Makes the next chunk current: the bytes up to and including the next LF, at most {@value #CHUNK} of them.
     * The chunk stays valid until the next call.
     *
     * @return {@code false} at the end of input
     */
    private boolean nextChunk() throws IOException {
        chunkStartsLine = chunkLen == 0 || chunkEndsLine;
        chunkEndsLine = false;
        int scanned = 0; // buf[bufPos, bufPos + scanned) is known to hold no LF
        while (true) {
            int limit = Math.min(bufEnd, bufPos + CHUNK);
            int i = indexOfLf(buf, bufPos + scanned, limit);
            if (i < limit) {
                chunkEndsLine = true;
                take(i + 1);
                break;
            }
            scanned = i - bufPos; // stays valid: fill() moves the unconsumed bytes and bufPos together
            if (scanned == CHUNK) {
                take(limit); // a full chunk of a long line
                break;
            }
            if (!fill()) {
                take(bufEnd); // the last bytes of the input (fill() may have moved them: no stale limit)
                break;
            }
        }
        totalBytes += chunkLen;
        if (totalBytes > maxTotalBytes) {
            throw new MailboxTooLargeException(maxTotalBytes);
        }
        return chunkLen > 0;
    }

    /**
     * The first LF in {@code b[from, to)}, or {@code to}. Eight bytes at a time (a long read from the array, the
     * classic "has a zero byte" test on it XOR eight LFs): splitting was rest-api's batch endpoint's largest cost per
     * message after JSON (about 1 ns per byte a byte at a time; docs/benchmarks.md, rest-api).
     */
    static int indexOfLf(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ LF_BYTES;
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3); // little-endian: lowest byte first
            }
        }
        while (i < to && b[i] != '\n') {
            i++;
        }
        return i;
    }

    private void take(int end) {
        chunkOff = bufPos;
        chunkLen = end - bufPos;
        bufPos = end;
    }

    /**
     * Reads more input after {@code bufEnd}, first moving the unconsumed bytes (fewer than {@value #CHUNK})
     * to the front of the buffer.
     *
     * @return {@code false} at the end of input
     */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (bufPos > 0) {
            System.arraycopy(buf, bufPos, buf, 0, bufEnd - bufPos);
            bufEnd -= bufPos;
            bufPos = 0;
        }
        if (in.available() <= 0) {
            beforeRead.run(); // the read may wait for the client (available() is 0 when a stream cannot tell)
        }
        int n = in.read(buf, bufEnd, buf.length - bufEnd);
        if (n <= 0) {
            // read() returning 0 for a non-empty buffer breaks the InputStream contract; treat as end.
            eof = true;
            return false;
        }
        bufEnd += n;
        return true;
    }
}
