package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link BounceText}: text parts joined, every line end made LF, the returned original located. */
class BounceTextTest {

    private static BounceText of(String... texts) {
        List<MailPart> parts = new java.util.ArrayList<>();
        for (String t : texts) {
            parts.add(new MailPart("text/plain", List.of(), t, false));
        }
        return BounceText.of(new ParsedMail(List.of(), "multipart/mixed", null, parts, List.of(), List.of()));
    }

    @Test
    void crlfAndBareCrBecomeLf() {
        assertEquals("a\nb\nc\n\n\n", of("a\r\nb\rc\n\r\n\r").full());
        assertEquals("\n\nx", of("\r\r\nx").full());
        assertEquals("no line ends", of("no line ends").full());
        assertEquals("", of("").full());
    }

    @Test
    void partsAreJoinedWithLfAndTheOriginalIsFoundAfterNormalising() {
        BounceText t = of("Delivery failed:\r\n<user@example.com>: 550 5.1.1\r\n",
                "------ This is a copy of the message, including all the headers.\r\nFrom: a@example.org\r\n");
        assertEquals("Delivery failed:\n<user@example.com>: 550 5.1.1\n\n------ This is a copy of the message,"
                + " including all the headers.\nFrom: a@example.org\n", t.full());
        assertEquals("Delivery failed:\n<user@example.com>: 550 5.1.1\n\n", t.errorRegion());
        assertEquals(t.errorRegion().length(), t.originalStart());
    }
}
