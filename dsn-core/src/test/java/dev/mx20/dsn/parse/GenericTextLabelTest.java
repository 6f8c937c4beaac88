package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link GenericText#startsWithLower} answers what lower-casing the line first answered, for the lines
 * {@link GenericText#leadingAddress} asks about (ASCII before the offset), including the characters whose case
 * mappings differ between {@link String#toLowerCase} and per-character folding (U+0130, U+212A Kelvin, U+017F long
 * s, U+0131 dotless i, final sigma, supplementary letters).
 */
class GenericTextLabelTest {
    private static final String[] LABELS = {"recipient:", "rfc822;", "final-recipient:", "user ", "mail to ",
        "unknown user:", "your message to ", "address:"};
    private static final String[] PIECES = {"Recipient:", "RECIPIENT:", "recipient:", "rfc822;", "RFC822;",
        "Final-Recipient:", "USER ", "user ", "Mail To ", "Unknown User:", "address:", "ADDRESS:", "\u0130", "\u212a",
        "\u017f", "\u0131", "\u03a3", "\u03a3 ", "\ud801\udc00", "i", "I", "K", "s", "S", " ", ":", ";", "<", "a@b.c",
        "\u00c9", "\u00e9", "r", "e", "c"};
    private static final String[] BULLETS = {"", "* ", ">>> ", "- ", "-> ", "(", "["};

    @Test
    void sameAnswerAsLowerCasingTheLineFirst() {
        Random random = new Random(5321);
        int matches = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder b = new StringBuilder(BULLETS[random.nextInt(BULLETS.length)]);
            int at = b.length();
            for (int i = random.nextInt(5); i > 0; i--) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String line = b.toString();
            String label = LABELS[random.nextInt(LABELS.length)];
            boolean expected = line.toLowerCase(Locale.ROOT).startsWith(label, at);
            assertEquals(expected, GenericText.startsWithLower(line, at, label), line + " / " + label);
            matches += expected ? 1 : 0;
        }
        assertEquals(true, matches > 250, "the pieces must often make a label: " + matches);
    }
}
