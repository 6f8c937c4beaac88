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

    /**
     * Latin-1 text is searched folding case and only its error region is lower-cased; the result must be what
     * lower-casing the whole text first gives (the path other scripts still take).
     */
    @Test
    void foldingSearchAgreesWithLowerCasingFirst() {
        String[] pieces = {"------ This is a copy of the message", "----- ORIGINAL MESSAGE FOLLOWS -----",
            "Message Headers Follow.", "  \tOriginal-Message Headers:", "Original message headers:", "\n", "\n",
            " ", "x", "\u00c9t\u00e9 ", "\u00b5\u00ff\u00df", "Content-Type: MESSAGE/RFC822", "---",
            "please note that THIS is only a temporary failure report.", "\u00c0", "K", "\t"};
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            int count = random.nextInt(12);
            for (int i = 0; i < count; i++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = b.toString();
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            BounceText t = new BounceText(text);
            int expected = BounceText.findOriginalMarker(lower);
            assertEquals(expected, t.originalStart(), text);
            assertEquals(expected < 0 ? lower : lower.substring(0, expected), t.lowerRegion(), text);
            assertEquals(lower, t.lower(), text);
        }
    }
}
