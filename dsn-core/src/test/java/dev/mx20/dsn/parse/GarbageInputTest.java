package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.DsnParseException;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.ReportKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds the parser what the wild sends: arbitrary bytes, truncated MIME, unknown charsets, 8-bit headers,
 * huge headers, deep nesting, oversized messages. The contract: a report (with warnings where something was cut
 * or repaired) or {@link DsnParseException}; nothing else, and never a hang (the timeouts only catch hangs).
 */
@Timeout(60)
class GarbageInputTest {
    private final ReportParser parser = new ReportParser(DsnLimits.DEFAULT);

    private BounceReport parse(byte[] b) throws DsnParseException {
        return parser.parse(new ByteArrayInputStream(b));
    }

    private BounceReport parse(String s) throws DsnParseException {
        return parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void randomBytesNeverThrowAnythingButTheDocumentedException() {
        Random random = new Random(20251121L);
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[random.nextInt(4096)];
            random.nextBytes(b);
            try {
                BounceReport r = parse(b);
                assertTrue(r.warnings().stream().noneMatch(w -> w.startsWith("internal error")), r.warnings()::toString);
            } catch (DsnParseException expected) {
                // documented
            }
        }
    }

    @Test
    void everyTruncationOfAFixtureStillYieldsAReport() throws Exception {
        byte[] full = resource("/fixtures/rfc3464/failed-user-unknown.eml");
        for (int cut = 0; cut < full.length; cut += 7) {
            byte[] part = java.util.Arrays.copyOf(full, cut);
            BounceReport r = parse(part);
            assertTrue(r.warnings().stream().noneMatch(w -> w.startsWith("internal error")), r.warnings()::toString);
        }
        // cut inside the delivery-status part: the recipient is still found
        String s = new String(full, StandardCharsets.UTF_8);
        BounceReport r = parse(s.substring(0, s.indexOf("Last-Attempt-Date")));
        assertEquals(ReportKind.DSN, r.kind());
        assertEquals("nobody@example.org", r.recipients().get(0).finalRecipient());
    }

    @Test
    void unknownCharsetIsDecodedWithAWarning() throws Exception {
        BounceReport r = parse("""
                From: MAILER-DAEMON@example.net
                Subject: Undelivered Mail Returned to Sender
                Content-Type: text/plain; charset=x-klingon

                This is the mail system at host example.net.

                <x@example.org>: host mx.example.org[192.0.2.1] said: 550 5.1.1 unknown user
                """);
        assertEquals(ReportKind.BOUNCE, r.kind());
        assertEquals("5.1.1", r.recipients().get(0).status());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("unknown charset")), r.warnings()::toString);
    }

    @Test
    void eightBitUtf8HeadersAreRead() throws Exception {
        BounceReport r = parse("""
                From: Jörg <jörg@example.org>
                Subject: Abwesenheitsnotiz: Grüße
                Auto-Submitted: auto-replied
                Content-Type: text/plain; charset=utf-8

                Ich bin nicht da.
                """);
        assertEquals(ReportKind.AUTO_REPLY, r.kind());
        assertEquals("jörg@example.org", r.recipients().get(0).finalRecipient());
    }

    @Test
    void eightBitLatin1HeadersDoNotBreakParsing() throws Exception {
        byte[] b = "From: MAILER-DAEMON@example.net\nSubject: Unzustellbar \u00e4\u00f6\n\n<x@example.org>: 550 5.1.1 no\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        BounceReport r = parse(b);
        assertEquals(1, r.recipients().size());
    }

    @Test
    void hugeHeaderIsBoundedAndReported() throws Exception {
        String big = "X-Big: " + "a".repeat(2 * 1024 * 1024) + "\r\n";
        BounceReport r = parse("From: MAILER-DAEMON@example.net\r\n" + big + "Subject: x\r\n\r\nbody\r\n");
        assertTrue(!r.warnings().isEmpty(), "a warning says the header was too long");
    }

    @Test
    void tooManyHeaderFieldsAreBounded() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            b.append("X-F").append(i).append(": v\n");
        }
        BounceReport r = parse(b + "\nbody\n");
        assertTrue(!r.warnings().isEmpty());
    }

    @Test
    void deepNestingStopsAtTheLimit() throws Exception {
        StringBuilder b = new StringBuilder("From: MAILER-DAEMON@example.net\nContent-Type: multipart/mixed; boundary=b0\n\n");
        int depth = 5000;
        for (int i = 0; i < depth; i++) {
            b.append("--b").append(i).append("\nContent-Type: multipart/mixed; boundary=b").append(i + 1).append("\n\n");
        }
        b.append("--b").append(depth).append("\nContent-Type: text/plain\n\n<x@example.org>: 550 5.1.1 no\n");
        BounceReport r = parse(b.toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("nesting")), r.warnings()::toString);
    }

    @Test
    void fiftyMegabyteMessageIsReadOnlyUpToTheLimit() throws Exception {
        byte[] head = ("From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail Returned to Sender\n"
                + "Content-Type: text/plain\n\nThis is the mail system at host example.net.\n\n"
                + "<big@example.org>: host mx.example.org[192.0.2.1] said: 552 5.3.4 message too big\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        long total = 50L * 1024 * 1024;
        InputStream in = new InputStream() {
            long pos;

            @Override
            public int read() {
                if (pos >= total) {
                    return -1;
                }
                int b = pos < head.length ? head[(int) pos] : (pos % 77 == 0 ? '\n' : 'z');
                pos++;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (pos >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - pos);
                for (int i = 0; i < n; i++) {
                    buf[off + i] = (byte) read();
                }
                return n;
            }
        };
        BounceReport r = parser.parse(in);
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("message longer")), r.warnings()::toString);
        assertEquals("big@example.org", r.recipients().get(0).finalRecipient());
    }

    @Test
    void recipientsAreCappedAtTheLimit() throws Exception {
        StringBuilder b = new StringBuilder("""
                From: MAILER-DAEMON@example.net
                Content-Type: multipart/report; report-type=delivery-status; boundary=z

                --z
                Content-Type: message/delivery-status

                Reporting-MTA: dns; example.net

                """);
        for (int i = 0; i < 50; i++) {
            b.append("Final-Recipient: rfc822; u").append(i).append("@example.org\nAction: failed\nStatus: 5.1.1\n\n");
        }
        ReportParser small = new ReportParser(new DsnLimits(1 << 20, 4096, 100, 8, 10));
        BounceReport r = small.parse(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(10, r.recipients().size());
    }

    @Test
    void bareCrLineEndsAndCrlfAreEquivalent() throws Exception {
        String lf = new String(resource("/fixtures/qmail/permanent.eml"), StandardCharsets.UTF_8);
        BounceReport a = parse(lf);
        BounceReport b = parse(lf.replace("\n", "\r\n"));
        assertEquals(a.recipients().size(), b.recipients().size());
        assertEquals(a.recipients().get(0).diagnostic().text(), b.recipients().get(0).diagnostic().text());
    }

    @Test
    void failingStreamIsTheDocumentedException() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        assertThrows(DsnParseException.class, () -> parser.parse(broken));
    }

    @Test
    void emptyInputIsNotABounce() throws Exception {
        BounceReport r = parse(new byte[0]);
        assertEquals(ReportKind.NOT_A_BOUNCE, r.kind());
        assertEquals(0, r.recipients().size());
    }

    static byte[] resource(String name) throws Exception {
        return Files.readAllBytes(Path.of(GarbageInputTest.class.getResource(name).toURI()));
    }
}
