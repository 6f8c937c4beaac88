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

    /**
     * U+0130 lower-cases to two chars with {@link String#toLowerCase}; the lower-case text keeps the offsets of the
     * text anyway, so the error region ends at the marker (it was cut one char late per U+0130 before it, and a text
     * with more of them than chars after the marker threw StringIndexOutOfBoundsException).
     */
    @Test
    void turkishCapitalIKeepsTheOffsets() {
        String report = "\u0130LET\u0130 \u0130LET\u0130LEMED\u0130: <kullanici@example.com.tr> 550 5.1.1\n";
        BounceText t = new BounceText(report + "------ This is a copy of the message\nFrom: a\n");
        assertEquals(report, t.errorRegion());
        assertEquals(report.length(), t.originalStart());
        assertEquals(t.full().length(), t.lower().length());
        assertEquals("ileti", t.lower().substring(0, 5));
        String many = "\u0130".repeat(40) + "\n------ This is a copy of the message\nx";
        assertEquals("\u0130".repeat(40) + "\n", new BounceText(many).errorRegion());
        assertEquals("i\u00e9k", BounceText.lowerKeepingOffsets("\u0130\u00c9K"));
        assertEquals("plain", BounceText.lowerKeepingOffsets("PLAIN"));
    }

    /** The joining and newline rules against the one-pass reader they replaced, on random parts. */
    @Test
    void joiningAndNewlinesAgreeWithOnePassReader() {
        String[] pieces = {"\r\n", "\r", "\n", "\r\r\n", "\n\r", "a", "550 5.1.1 ", "\u00e9", "\u3042", ""};
        java.util.Random random = new java.util.Random(3464);
        for (int n = 0; n < 20_000; n++) {
            String[] parts = new String[random.nextInt(4)];
            StringBuilder joined = new StringBuilder();
            for (int p = 0; p < parts.length; p++) {
                StringBuilder b = new StringBuilder();
                for (int i = random.nextInt(8); i > 0; i--) {
                    b.append(pieces[random.nextInt(pieces.length)]);
                }
                parts[p] = b.toString();
                if (joined.length() > 0) {
                    joined.append('\n');
                }
                joined.append(parts[p]);
            }
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < joined.length(); i++) {
                char c = joined.charAt(i);
                if (c != '\r') {
                    expected.append(c);
                } else if (i + 1 >= joined.length() || joined.charAt(i + 1) != '\n') {
                    expected.append('\n'); // a bare CR; a CRLF keeps only its LF
                }
            }
            assertEquals(expected.toString(), of(parts).full(), String.join("|", parts));
        }
    }

    @Test
    void latin1CheckIsEveryCharacterBelow256() {
        String[] pieces = {"a", "\u00ff", "\u0100", "\u0130", "\u212a", "?", "\u3042", "\ud83d\ude00", "", "\u0000"};
        java.util.Random random = new java.util.Random(8859);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(6); i > 0; i--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = b.toString();
            assertEquals(s.chars().allMatch(c -> c <= 0xff), BounceText.isLatin1(s), s);
        }
    }
}
