package dev.mx20.dsn;

import dev.mx20.dsn.model.BounceReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BounceAnalyzer#analyzeMailbox}: a mailbox of real-format bounces, and garbage. */
class MailboxAnalysisTest {
    private static final BounceAnalyzer ANALYZER = BounceAnalyzer.create();
    private static final byte[] FROM_LINE = "From MAILER-DAEMON Fri Nov 14 13:48:03 2025\n".getBytes(StandardCharsets.US_ASCII);

    /** A mailbox of the golden fixtures of a few MTA families says what each fixture alone says, in order. */
    @Test
    void eachMessageOfAMailboxIsAnalysedAsIfAlone() throws Exception {
        List<byte[]> messages = fixtures("postfix", "exim", "sendmail", "rfc3464", "gmail", "exchange");
        assertTrue(messages.size() > 20, "fixtures found: " + messages.size());
        List<MailboxEntry> entries = analyse(mbox(messages, false));
        assertEquals(messages.size(), entries.size());
        for (int i = 0; i < messages.size(); i++) {
            MailboxEntry e = entries.get(i);
            assertEquals(i + 1, e.index());
            assertNull(e.error());
            assertEquals("MAILER-DAEMON", e.message().envelopeSender());
            assertEquals(ANALYZER.analyze(messages.get(i)).toString(), e.report().toString(), "message " + (i + 1));
        }
    }

    /** The same mailbox with CRLF line ends (as written by a Windows tool or copied from an IMAP server). */
    @Test
    void aCrlfMailboxSaysWhatTheLfOneSays() throws Exception {
        List<byte[]> messages = fixtures("postfix", "exim", "rfc3464");
        List<MailboxEntry> lf = analyse(mbox(messages, false));
        List<MailboxEntry> crlf = analyse(mbox(messages, true));
        assertEquals(lf.size(), crlf.size());
        for (int i = 0; i < lf.size(); i++) {
            BounceReport a = lf.get(i).report();
            BounceReport b = crlf.get(i).report();
            assertEquals(a.kind(), b.kind(), "message " + (i + 1));
            assertEquals(a.recipients().size(), b.recipients().size(), "message " + (i + 1));
            for (int r = 0; r < a.recipients().size(); r++) {
                assertEquals(a.recipients().get(r).finalRecipient(), b.recipients().get(r).finalRecipient());
                assertEquals(a.recipients().get(r).status(), b.recipients().get(r).status());
                assertEquals(a.recipients().get(r).classification().category(),
                        b.recipients().get(r).classification().category());
            }
        }
    }

    @Test
    void anEmptyMailboxIsNotAMailbox() {
        DsnParseException e = assertThrows(DsnParseException.class, () -> analyse(new byte[0]));
        assertEquals("the mailbox is empty", e.getMessage());
    }

    @Test
    void inputThatDoesNotStartWithAFromLineIsNotAMailbox() {
        for (String notMbox : new String[] {"Subject: x\n\nFrom here on\n", "\n\n", "From", "\u0000\u00ff\n"}) {
            assertThrows(DsnParseException.class,
                    () -> analyse(notMbox.getBytes(StandardCharsets.ISO_8859_1)), notMbox);
        }
    }

    /** A message over the limit gets an error entry; the messages after it are analysed as usual. */
    @Test
    void aMessageOverTheLimitIsAnErrorEntryAndTheReadingGoesOn() throws Exception {
        List<byte[]> small = fixtures("postfix");
        byte[] big = ("Subject: big\n\n" + "x".repeat(200) + "\n").repeat(100).getBytes(StandardCharsets.US_ASCII);
        BounceAnalyzer limited = BounceAnalyzer.create(new DsnLimits(big.length - 1, 4096, 100, 12, 100));
        List<MailboxEntry> entries = new ArrayList<>();
        int n = limited.analyzeMailbox(new ByteArrayInputStream(mbox(List.of(small.get(0), big, small.get(1)), false)),
                entries::add);
        assertEquals(3, n);
        assertNotNull(entries.get(0).report());
        assertNull(entries.get(1).report());
        assertTrue(entries.get(1).message().tooLarge());
        assertTrue(entries.get(1).error().getMessage().contains("over the limit of " + (big.length - 1)),
                entries.get(1).error().getMessage());
        assertEquals(ANALYZER.analyze(small.get(1)).toString(), entries.get(2).report().toString());
    }

    /** A mailbox cut off in the middle of its last message (a copy interrupted): what is there is analysed. */
    @Test
    void aTruncatedLastMessageIsAnalysedAsFarAsItGoes() throws Exception {
        List<byte[]> messages = fixtures("postfix").subList(0, 3);
        byte[] whole = mbox(messages, false);
        byte[] cut = Arrays.copyOf(whole, whole.length - messages.get(2).length / 2 - 1);
        List<MailboxEntry> entries = analyse(cut);
        assertEquals(3, entries.size());
        assertEquals(ANALYZER.analyze(messages.get(1)).toString(), entries.get(1).report().toString());
        assertNotNull(entries.get(2).report()); // a report with whatever the first half holds, not an exception
        // Cut inside the header section of the last message, even inside a line.
        byte[] headerCut = Arrays.copyOf(whole, whole.length - messages.get(2).length + 7);
        assertEquals(3, analyse(headerCut).size());
    }

    /** An unescaped "From " line inside a body (a broken mboxo writer) starts a new message, as mutt reads it. */
    @Test
    void anUnescapedFromLineInsideABodySplitsTheMessage() throws Exception {
        List<MailboxEntry> entries = analyse(("From a\nSubject: one\n\nbody\nFrom here on, body text\nmore\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, entries.size());
        assertEquals("From here on, body text", entries.get(1).message().fromLine());
        assertEquals("more\n", new String(entries.get(1).message().content(), StandardCharsets.US_ASCII));
    }

    /** Garbage in: arbitrary bytes behind a From_ line never throw; every message gets exactly one entry. */
    @Test
    void arbitraryBytesNeverThrow() throws Exception {
        Random random = new Random(4155_3464L);
        for (int round = 0; round < 200; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(FROM_LINE);
            byte[] noise = new byte[random.nextInt(4000)];
            random.nextBytes(noise);
            for (int i = 0; i < noise.length; i++) {
                if (random.nextInt(40) == 0) {
                    noise[i] = '\n';
                } else if (random.nextInt(300) == 0 && i + 5 < noise.length) {
                    System.arraycopy("From ".getBytes(StandardCharsets.US_ASCII), 0, noise, i, 5);
                }
            }
            out.writeBytes(noise);
            List<MailboxEntry> entries = analyse(out.toByteArray());
            assertFalse(entries.isEmpty());
            for (int i = 0; i < entries.size(); i++) {
                assertEquals(i + 1, entries.get(i).index());
            }
        }
    }

    /** The stream failing midway is the caller's IOException, after the entries read before it. */
    @Test
    void aFailingStreamThrowsAfterTheEntriesBeforeIt() throws Exception {
        byte[] good = mbox(fixtures("postfix").subList(0, 2), false);
        InputStream failing = new InputStream() {
            int i;

            @Override
            public int read() throws IOException {
                if (i == good.length) {
                    throw new IOException("connection reset");
                }
                return good[i++] & 0xff;
            }
        };
        List<MailboxEntry> entries = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> ANALYZER.analyzeMailbox(failing, entries::add));
        assertEquals("connection reset", e.getMessage());
        assertEquals(1, entries.size(), "the second message is not complete before the stream fails");
    }

    private static List<MailboxEntry> analyse(byte[] mbox) throws DsnParseException, IOException {
        List<MailboxEntry> entries = new ArrayList<>();
        int n = ANALYZER.analyzeMailbox(new ByteArrayInputStream(mbox), entries::add);
        assertEquals(n, entries.size());
        return entries;
    }

    /**
     * mboxrd, as batch-bench.sh writes it: From_ line, {@code >}-escaped From lines, the message, a blank separator
     * line in the message's own line end. With {@code crlf}, every line end of the mailbox is CRLF.
     */
    private static byte[] mbox(List<byte[]> messages, boolean crlf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            String text = new String(m, StandardCharsets.ISO_8859_1);
            if (crlf) {
                text = text.replace("\r\n", "\n").replace("\n", "\r\n");
            }
            String eol = crlf || text.endsWith("\r\n") ? "\r\n" : "\n";
            out.writeBytes(("From MAILER-DAEMON Fri Nov 14 13:48:03 2025" + eol).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(text.replaceAll("(?m)^(>*From )", ">$1").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes((text.endsWith("\n") ? eol : eol + eol).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** The golden fixtures of the given MTA families that start with a header (not an mbox From_ line). */
    private static List<byte[]> fixtures(String... families) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String family : families) {
            Path dir = Path.of("src/test/resources/fixtures", family);
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".eml")).sorted().forEach(p -> {
                    try {
                        byte[] b = Files.readAllBytes(p);
                        if (!new String(b, 0, Math.min(5, b.length), StandardCharsets.ISO_8859_1).equals("From ")) {
                            out.add(b);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return out;
    }
}
