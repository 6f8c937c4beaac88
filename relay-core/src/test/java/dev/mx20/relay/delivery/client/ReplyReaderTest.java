package dev.mx20.relay.delivery.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyReaderTest {
    private static ReplyReader reader(String s) {
        return new ReplyReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void readsSingleAndMultiLineReplies() throws IOException {
        ReplyReader r = reader("220 mx.example ESMTP\r\n250-mx.example\r\n250-SIZE 1000\r\n250 DSN\r\n"
                + "550-5.1.1 first\r\n550-5.1.1 second\r\n550 5.1.1 third\n354\r\n");
        assertEquals(new SmtpReply(220, List.of("mx.example ESMTP")), r.read());
        SmtpReply ehlo = r.read();
        assertEquals(List.of("mx.example", "SIZE 1000", "DSN"), ehlo.lines());
        Extensions ext = Extensions.parse(ehlo);
        assertEquals(Set.of("SIZE", "DSN"), ext.keywords());
        assertEquals(1000, ext.sizeLimit());
        SmtpReply multi = r.read();
        assertEquals("5.1.1", multi.status());
        assertEquals("5.1.1 first second third", multi.text());
        assertEquals("550 5.1.1 first second third", multi.toString());
        assertEquals(new SmtpReply(354, List.of("")), r.read());
    }

    @Test
    void enhancedStatusMustAgreeWithTheReplyClass() {
        assertEquals("4.0.0", new SmtpReply(450, List.of("5.1.1 mismatched class")).status());
        assertEquals("2.0.0", new SmtpReply(250, List.of("Ok")).status());
        assertEquals("5.7.1", new SmtpReply(554, List.of("5.7.1 Relay access denied")).status());
        assertEquals("5.0.0", new SmtpReply(554, List.of("5.7.1x not a code")).status());
    }

    @Test
    void rejectsGarbage() {
        for (String bad : new String[] {"", "\r\n", "ok\r\n", "25\r\n", "2x0 hi\r\n", "199 too low\r\n",
                "600 too high\r\n", "250_bad separator\r\n", "250-first\r\n251 code changed\r\n",
                "250-never ends\r\n", "250 no line end", "250-" + "x".repeat(5000) + "\r\n",
                "250-a\r\n".repeat(300) + "250 end\r\n"}) {
            assertThrows(SmtpProtocolException.class, () -> reader(bad).read(), bad.length() > 60
                    ? bad.substring(0, 60) : bad);
        }
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButIoException() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (i % 3 == 0 && junk.length > 4) {
                junk[0] = '2';
                junk[1] = '5';
                junk[2] = '0';
                junk[3] = (byte) (i % 2 == 0 ? '-' : ' ');
            }
            ReplyReader r = new ReplyReader(new ByteArrayInputStream(junk));
            try {
                SmtpReply reply = r.read();
                assertTrue(reply.code() >= 200 && reply.code() <= 599);
                reply.status();
                reply.text();
            } catch (IOException expected) {
                // garbage rejected: fine
            }
        }
    }

    @Test
    void extensionsSurviveOddEhloLines() {
        Extensions e = Extensions.parse(new SmtpReply(250, List.of("mx", "", "   ", "SIZE", "SIZE=abc", "pipelining",
                "AUTH=LOGIN PLAIN", "size -5")));
        assertTrue(e.has("PIPELINING"));
        assertTrue(e.has("auth"));
        assertEquals(0, e.sizeLimit());
    }
}
