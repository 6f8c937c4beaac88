package dev.mx20.dsn.mbox;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MboxReaderTest {
    private static final long BIG = Long.MAX_VALUE;
    private static final int CHUNK_BYTES = MboxReader.CHUNK;

    @Test
    void splitsOnFromLinesAndDropsTheSeparatorBlankLine() throws IOException {
        List<MboxMessage> ms = read("""
                From MAILER-DAEMON Fri Nov 14 13:48:03 2025
                Subject: one

                body one

                From alice@example.com Sat Nov 15 10:00:00 2025
                Subject: two

                body two
                """, BIG, BIG);
        assertEquals(2, ms.size());
        assertEquals("Subject: one\n\nbody one\n", text(ms.get(0)));
        assertEquals("Subject: two\n\nbody two\n", text(ms.get(1)));
        assertEquals("MAILER-DAEMON", ms.get(0).envelopeSender());
        assertEquals("alice@example.com", ms.get(1).envelopeSender());
        assertEquals(1, ms.get(0).index());
        assertEquals(2, ms.get(1).index());
        assertEquals("From MAILER-DAEMON Fri Nov 14 13:48:03 2025", ms.get(0).fromLine());
    }

    @Test
    void unescapesQuotedFromLinesTheMboxrdWay() throws IOException {
        List<MboxMessage> ms = read("From x\nSubject: q\n\n>From here\n>>From there\n> From not escaped\n>Fromage\n", BIG, BIG);
        assertEquals("Subject: q\n\nFrom here\n>From there\n> From not escaped\n>Fromage\n", text(ms.get(0)));
        assertEquals(ms.get(0).content().length, ms.get(0).size());
    }

    @Test
    void keepsCrlfLineEnds() throws IOException {
        List<MboxMessage> ms = read("From x\r\nSubject: a\r\n\r\nb\r\n\r\nFrom y\r\nSubject: c\r\n", BIG, BIG);
        assertEquals("Subject: a\r\n\r\nb\r\n", text(ms.get(0)));
        assertEquals("Subject: c\r\n", text(ms.get(1)));
        assertEquals("x", ms.get(0).envelopeSender());
    }

    @Test
    void fromInsideALineIsNotASeparator() throws IOException {
        List<MboxMessage> ms = read("From x\nSubject: a\n\nsee From here\n From indented\n", BIG, BIG);
        assertEquals(1, ms.size());
    }

    /** The stricter rule (the corpus scorer's): a From_ line separates only after an empty line. */
    @Test
    void afterEmptyLineSplitsOnlyWhereAnEmptyLineCameBefore() throws IOException {
        String mbox = "From a@example.org Mon Jan  1 00:00:00 2024\r\nSubject: one\r\n\r\nbody\r\n"
                + "From here on, body text\r\n>From quoted\r\n>>From twice\r\n\r\n"
                + "From b@example.org Mon Jan  1 00:00:01 2024\nSubject: two\n\nsecond\nFrom x\n\nFrom c\n";
        List<MboxMessage> strict = read(mbox, MboxReader.Separator.AFTER_EMPTY_LINE);
        assertEquals(3, strict.size());
        assertEquals("Subject: one\r\n\r\nbody\r\nFrom here on, body text\r\nFrom quoted\r\n>From twice\r\n",
                text(strict.get(0)));
        assertEquals("Subject: two\n\nsecond\nFrom x\n", text(strict.get(1)));
        assertEquals("From c", strict.get(2).fromLine());
        assertEquals(0, strict.get(2).content().length);
        assertEquals(5, read(mbox, MboxReader.Separator.ANY_FROM_LINE).size());
        // An empty line that is a whole chunk of its own, and one at the very start of a message, count too.
        assertEquals(2, read("From a\n\nFrom b\nx\n", MboxReader.Separator.AFTER_EMPTY_LINE).size());
        assertEquals(1, read("From a\nFrom b\nx\n", MboxReader.Separator.AFTER_EMPTY_LINE).size());
    }

    @Test
    void fromAtAChunkBoundaryInsideALongLineIsNotASeparator() throws IOException {
        String longLine = "a".repeat(MboxReader.CHUNK) + "From not a separator " + "b".repeat(3 * MboxReader.CHUNK);
        List<MboxMessage> ms = read("From x\nSubject: a\n\n" + longLine + "\n>From quoted\n", BIG, BIG);
        assertEquals(1, ms.size());
        assertEquals("Subject: a\n\n" + longLine + "\nFrom quoted\n", text(ms.get(0)));
    }

    @Test
    void anAbsurdlyLongFromLineIsCappedAndNotContent() throws IOException {
        List<MboxMessage> ms = read("From " + "s".repeat(3 * MboxReader.CHUNK) + "\nSubject: a\n", BIG, BIG);
        assertEquals(1000, ms.get(0).fromLine().length());
        assertEquals("Subject: a\n", text(ms.get(0)));
    }

    @Test
    void toleratesBlankLinesBeforeTheFirstFromLine() throws IOException {
        assertEquals(1, read("\n\r\n  \nFrom x\nSubject: a\n", BIG, BIG).size());
    }

    @Test
    void emptyOrNonMboxInputIsNotOpened() throws IOException {
        assertFalse(reader("", BIG, BIG).open());
        assertFalse(reader("\n\n", BIG, BIG).open());
        assertFalse(reader("Subject: a\n\nFrom x\n", BIG, BIG).open());
        assertFalse(reader("From", BIG, BIG).open()); // "From" without the space is not a From_ line
    }

    @Test
    void aMessageOverTheLimitIsReportedWithoutContentAndTheNextIsRead() throws IOException {
        String big = "x".repeat(5000);
        List<MboxMessage> ms = read("From a\nSubject: big\n\n" + big + "\n\nFrom b\nSubject: small\n", 1000, BIG);
        assertEquals(2, ms.size());
        assertTrue(ms.get(0).tooLarge());
        assertNull(ms.get(0).content());
        assertTrue(ms.get(0).size() > 5000);
        assertEquals("Subject: small\n", text(ms.get(1)));
    }

    @Test
    void theWholeMailboxIsBounded() throws IOException {
        MboxReader r = reader("From a\nSubject: a\n\n" + "x\n".repeat(10_000), BIG, 4096);
        assertTrue(r.open());
        MailboxTooLargeException e = assertThrows(MailboxTooLargeException.class, r::next);
        assertEquals(4096, e.limit());
    }

    @Test
    void aMessageWithNoBodyAtAllIsEmpty() throws IOException {
        List<MboxMessage> ms = read("From a\n\nFrom b\nSubject: x\n", BIG, BIG);
        assertEquals(2, ms.size());
        assertEquals(0, ms.get(0).content().length);
    }

    @Test
    void readsSlowStreamsThatDeliverOneByteAtATime() throws IOException {
        byte[] mbox = "From a\nSubject: 1\n\nx\n\nFrom b\nSubject: 2\n".getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < mbox.length ? mbox[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= mbox.length) {
                    return -1;
                }
                b[off] = mbox[i++];
                return 1;
            }
        };
        MboxReader r = new MboxReader(trickle, BIG, BIG);
        assertTrue(r.open());
        assertEquals("Subject: 1\n\nx\n", new String(r.next().content(), StandardCharsets.US_ASCII));
        assertEquals("Subject: 2\n", new String(r.next().content(), StandardCharsets.US_ASCII));
        assertNull(r.next());
    }

    /**
     * The batch endpoint flushes its NDJSON there: the hook must run before every read that may wait (a stream that
     * cannot tell says 0 available: here, every read), and only then.
     */
    @Test
    void runsTheBeforeReadHookBeforeEveryReadOfTheInput() throws IOException {
        byte[] mbox = "From a\nSubject: 1\n\nx\n\nFrom b\nSubject: 2\n".getBytes(StandardCharsets.US_ASCII);
        int[] reads = {0};
        int[] hooks = {0};
        InputStream twoBytesAtATime = new InputStream() {
            int i;

            @Override
            public int read() {
                throw new AssertionError("single-byte reads are not expected");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                assertEquals(hooks[0], reads[0] + 1, "read without the hook before it");
                reads[0]++;
                if (i >= mbox.length) {
                    return -1;
                }
                int n = Math.min(2, mbox.length - i);
                System.arraycopy(mbox, i, b, off, n);
                i += n;
                return n;
            }
        };
        MboxReader r = new MboxReader(twoBytesAtATime, BIG, BIG);
        r.beforeEachRead(() -> hooks[0]++);
        assertTrue(r.open());
        assertEquals("Subject: 1\n\nx\n", text(r.next()));
        assertEquals("Subject: 2\n", text(r.next()));
        assertNull(r.next());
        assertEquals(reads[0], hooks[0]);
        assertEquals((mbox.length + 1) / 2 + 1, reads[0]); // one read per 2 bytes, one that sees the end
    }

    /**
     * Input that has already arrived ({@code available() > 0}) is read without the hook: the batch endpoint then
     * keeps filling its output buffer instead of flushing a few entries per read; the hook runs once the reader
     * has caught up with what arrived (here: before the read that finds the end).
     */
    @Test
    void skipsTheBeforeReadHookWhileInputIsAvailable() throws IOException {
        byte[] mbox = "From a\nSubject: 1\n\nx\n\nFrom b\nSubject: 2\n".getBytes(StandardCharsets.US_ASCII);
        int[] reads = {0};
        int[] hooks = {0};
        InputStream arrived = new ByteArrayInputStream(mbox) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                reads[0]++;
                return super.read(b, off, Math.min(len, 4)); // several reads, all of them of bytes already here
            }
        };
        MboxReader r = new MboxReader(arrived, BIG, BIG);
        r.beforeEachRead(() -> hooks[0]++);
        assertTrue(r.open());
        assertEquals("Subject: 1\n\nx\n", text(r.next()));
        assertEquals("Subject: 2\n", text(r.next()));
        assertNull(r.next());
        assertTrue(reads[0] > 5, "the input was read in pieces");
        assertEquals(1, hooks[0], "only the read at the end of the input may wait");
    }

    /** The eight-bytes-at-a-time LF search agrees with a plain scan, wherever the LF is and whatever surrounds it. */
    @Test
    void findsTheFirstLineEndLikeAPlainScan() {
        Random random = new Random(5322);
        byte[] alphabet = {'\n', '\r', 'a', 0, (byte) 0x8a, 0x0b, 0x09, (byte) 0xff, 0x7f, 0x0a - 1};
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int k = 0; k < b.length; k++) {
                b[k] = random.nextInt(6) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            int expected = from;
            while (expected < to && b[expected] != '\n') {
                expected++;
            }
            assertEquals(expected, MboxReader.indexOfLf(b, from, to), () -> Arrays.toString(b) + " " + from + ".." + to);
        }
    }

    /** Messages share one growing buffer: a long message must not leave bytes behind in the next, short one. */
    @Test
    void aShortMessageAfterALongOneHoldsOnlyItsOwnBytes() throws IOException {
        String longBody = "x".repeat(100_000) + "\n";
        List<MboxMessage> ms = read("From a\nSubject: long\n\n" + longBody + "\nFrom b\nSubject: short\n", BIG, BIG);
        assertEquals("Subject: long\n\n" + longBody, text(ms.get(0)));
        assertEquals("Subject: short\n", text(ms.get(1)));
    }

    /** Garbage in: any byte sequence is split without exceptions, and no byte is lost or invented. */
    @Test
    void randomInputRoundTripsByteForByte() throws IOException {
        Random random = new Random(4155);
        for (int round = 0; round < 300; round++) {
            List<byte[]> messages = new ArrayList<>();
            ByteArrayOutputStream mbox = new ByteArrayOutputStream();
            int count = 1 + random.nextInt(5);
            for (int m = 0; m < count; m++) {
                byte[] msg = randomMessage(random);
                messages.add(msg);
                mbox.writeBytes("From r Sat Nov 15 10:00:00 2025\n".getBytes(StandardCharsets.US_ASCII));
                mbox.writeBytes(escape(msg));
                mbox.write('\n');
            }
            MboxReader r = new MboxReader(new ByteArrayInputStream(mbox.toByteArray()), BIG, BIG);
            assertTrue(r.open());
            for (int m = 0; m < count; m++) {
                MboxMessage got = r.next();
                assertArrayEquals(messages.get(m), got.content(), "round " + round + " message " + m);
            }
            assertNull(r.next());
            assertEquals(mbox.size(), r.bytesRead());
        }
    }

    /** A mailbox cut off in its last message, even inside a line: the last message is what arrived. */
    @Test
    void aTruncatedLastMessageKeepsTheBytesThatArrived() throws IOException {
        List<MboxMessage> ms = read("From a\nSubject: 1\n\nx\n\nFrom b\nSubject: tr", BIG, BIG);
        assertEquals(2, ms.size());
        assertEquals("Subject: 1\n\nx\n", text(ms.get(0)));
        assertEquals("Subject: tr", text(ms.get(1)));
        assertEquals(0, read("From a\nSubject: 1\n\nx\n\nFrom b", BIG, BIG).get(1).content().length);
    }

    /**
     * Garbage in: arbitrary bytes (NULs, lone CRs, 8-bit, "From " anywhere) after a From_ line are read without
     * exceptions, every byte is counted, and each message is as large as it says.
     */
    @Test
    void arbitraryBytesAreReadWithoutExceptions() throws IOException {
        Random random = new Random(822);
        for (int round = 0; round < 500; round++) {
            byte[] noise = new byte[random.nextInt(round % 50 == 0 ? 4 * CHUNK_BYTES : 600)];
            random.nextBytes(noise);
            for (int i = 0; i + 5 < noise.length; i++) {
                if (random.nextInt(30) == 0) {
                    noise[i] = '\n';
                } else if (random.nextInt(200) == 0) {
                    System.arraycopy("From ".getBytes(StandardCharsets.US_ASCII), 0, noise, i, 5);
                }
            }
            ByteArrayOutputStream mbox = new ByteArrayOutputStream();
            mbox.writeBytes("From x\n".getBytes(StandardCharsets.US_ASCII));
            mbox.writeBytes(noise);
            long limit = 1 + random.nextInt(2000);
            MboxReader r = new MboxReader(new ByteArrayInputStream(mbox.toByteArray()), limit, BIG);
            assertTrue(r.open());
            int index = 0;
            for (MboxMessage m; (m = r.next()) != null; ) {
                assertEquals(++index, m.index());
                if (m.tooLarge()) {
                    assertTrue(m.size() > limit);
                } else {
                    assertEquals(m.content().length, m.size());
                    assertTrue(m.size() <= limit);
                }
            }
            assertEquals(mbox.size(), r.bytesRead());
        }
    }

    /** Lines of random bytes (no LF inside) with tricky starts; each message ends with LF as mbox requires. */
    private static byte[] randomMessage(Random random) {
        String[] starts = {"From ", ">From ", ">>From ", "From", "", "\r", ">", "Subject: "};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 1 + random.nextInt(8);
        for (int l = 0; l < lines; l++) {
            out.writeBytes(starts[random.nextInt(starts.length)].getBytes(StandardCharsets.US_ASCII));
            int len = random.nextInt(random.nextInt(10) == 0 ? 3 * MboxReader.CHUNK : 80);
            for (int k = 0; k < len; k++) {
                int b = random.nextInt(256);
                out.write(b == '\n' ? 'n' : b);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The mboxrd escaping a writer applies. */
    private static byte[] escape(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int start = 0;
        for (int i = 0; i <= message.length; i++) {
            if (i == message.length || message[i] == '\n') {
                byte[] line = Arrays.copyOfRange(message, start, Math.min(i + 1, message.length));
                int k = 0;
                while (k < line.length && line[k] == '>') {
                    k++;
                }
                if (new String(line, k, Math.min(5, line.length - k), StandardCharsets.ISO_8859_1).equals("From ")) {
                    out.write('>');
                }
                out.writeBytes(line);
                start = i + 1;
            }
        }
        return out.toByteArray();
    }

    private static MboxReader reader(String mbox, long maxMessage, long maxTotal) {
        return new MboxReader(new ByteArrayInputStream(mbox.getBytes(StandardCharsets.ISO_8859_1)), maxMessage, maxTotal);
    }

    private static List<MboxMessage> read(String mbox, long maxMessage, long maxTotal) throws IOException {
        MboxReader r = reader(mbox, maxMessage, maxTotal);
        assertTrue(r.open(), "not opened");
        List<MboxMessage> out = new ArrayList<>();
        MboxMessage m;
        while ((m = r.next()) != null) {
            out.add(m);
        }
        return out;
    }

    private static List<MboxMessage> read(String mbox, MboxReader.Separator separator) throws IOException {
        MboxReader r = new MboxReader(new ByteArrayInputStream(mbox.getBytes(StandardCharsets.ISO_8859_1)), BIG, BIG,
                separator);
        assertTrue(r.open(), "not opened");
        List<MboxMessage> out = new ArrayList<>();
        for (MboxMessage m; (m = r.next()) != null; ) {
            out.add(m);
        }
        return out;
    }

    private static String text(MboxMessage m) {
        return new String(m.content(), StandardCharsets.ISO_8859_1);
    }
}
