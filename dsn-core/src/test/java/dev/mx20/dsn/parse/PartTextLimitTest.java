package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoded part bodies are read into one growing buffer per message: lengths around its growth steps and around
 * {@link MimeReader#MAX_PART_TEXT_BYTES} must come out whole (or cut exactly there, with the warning).
 */
class PartTextLimitTest {
    private final MimeReader reader = new MimeReader(DsnLimits.DEFAULT);

    private static byte[] message(String firstBody, String secondBody) {
        String m = "From: MAILER-DAEMON@example.org\r\nSubject: Undelivered Mail\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + firstBody + "\r\n"
                + "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(secondBody.getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + "--b--\r\n";
        return m.getBytes(StandardCharsets.UTF_8);
    }

    private static String body(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; b.length() < length; i++) {
            b.append((char) ('a' + i % 26));
            if (i % 70 == 69 && b.length() + 2 <= length) {
                b.append("\r\n");
            }
        }
        return b.substring(0, length);
    }

    @Test
    void bodiesAroundTheBufferStepsComeOutWhole() throws Exception {
        for (int length : new int[] {0, 1, 4095, 4096, 4097, 8191, 8192, 8193, 70_000}) {
            String first = body(length);
            String second = "é" + body(length / 2);
            ParsedMail mail = reader.read(message(first, second));
            assertEquals(2, mail.parts().size());
            assertEquals(first, mail.parts().get(0).text(), "first part, length " + length);
            assertEquals(second, mail.parts().get(1).text(), "second part, length " + length);
            assertTrue(mail.warnings().isEmpty(), mail.warnings()::toString);
        }
    }

    @Test
    void aPartLongerThanTheLimitIsCutThereWithAWarning() throws Exception {
        int max = MimeReader.MAX_PART_TEXT_BYTES;
        ParsedMail exact = reader.read(message(body(max), "short"));
        assertEquals(max, exact.parts().get(0).text().length());
        assertTrue(exact.warnings().isEmpty(), exact.warnings()::toString);

        String longer = body(max + 10);
        ParsedMail cut = reader.read(message(longer, "short"));
        assertEquals(longer.substring(0, max), cut.parts().get(0).text());
        assertEquals("short", cut.parts().get(1).text());
        assertTrue(cut.warnings().contains("a text/plain part is longer than " + max + " bytes; only its start was read"),
                cut.warnings()::toString);
    }
}
