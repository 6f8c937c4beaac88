package dev.mx20.dsn.tools;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class MboxSplitterTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void aFileThatIsNotAMailboxIsOneMessageUnchanged() {
        byte[] eml = b("Subject: x\r\n\r\nFrom the start\r\n");
        List<byte[]> parts = MboxSplitter.split(eml);
        assertEquals(1, parts.size());
        assertSame(eml, parts.get(0));
    }

    @Test
    void aMailboxOfOneMessageIsUnchanged() {
        byte[] mbox = b("From MAILER-DAEMON Thu Apr 29 23:34:45 2015\nSubject: x\n\nbody\n");
        assertSame(mbox, MboxSplitter.split(mbox).get(0));
    }

    @Test
    void messagesStartAtFromLinesAfterAnEmptyLineOnly() {
        byte[] mbox = b("From a@example.org Mon Jan  1 00:00:00 2024\r\nSubject: one\r\n\r\nbody\r\n"
                + "From here on, body text\r\n>From quoted\r\n>>From twice\r\n\r\n"
                + "From b@example.org Mon Jan  1 00:00:01 2024\nSubject: two\n\nsecond\n");
        List<byte[]> parts = MboxSplitter.split(mbox);
        assertEquals(2, parts.size());
        assertEquals("Subject: one\r\n\r\nbody\r\nFrom here on, body text\r\nFrom quoted\r\n>From twice\r\n\r\n",
                s(parts.get(0)));
        assertArrayEquals(b("Subject: two\n\nsecond\n"), parts.get(1));
    }

    @Test
    void garbageNeverThrows() {
        for (String g : new String[] {"", "From ", "From \n", "From x\n\nFrom ", "From x\n\n>", "From x\n\nFrom y\n\n>From "}) {
            MboxSplitter.split(b(g));
        }
    }
}
