package dev.mx20.dsn.classify;

import dev.mx20.dsn.taxonomy.Cause;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider codes and system texts read from the phrase table's pass ({@link ExtraPhrases}) must give what
 * their own {@code contains} scans give: random diagnostics made of the phrases, pieces of them, the providers'
 * codes and filler, normalised as the classifier does.
 */
class ExtraPhrasesTest {
    private static final String[] FORMATS = {null, "receivingses", "qmail", "gmail", "aol", "domino", "notes",
        "interscanmss", "outlook", "messagelabs", "postfix", "sendmail", "exim"};
    private static final String[] CODES = {"facebook.com pol-p1", "facebook.com rcp-p2 ", "(int-p1)", "aup#cxbl",
        "aup#in1260", "aup#o1580 ", "aup#", "x.i.ua/err/3", ".i.ua/err/", "ib401", " ib108 ", "lpn105-104",
        "ofr_506", "ouk004_417", "550 5.1.1", "550-5.7.1", "2001:db8::1", "type=aaaa", "İ", "\u212a", "ſ", "’",
        "\t\n", " ", "  ", "<user@example.org>", "... ", "\u00a0"};

    @Test
    void readersAnswerFromThePassAsFromTheText() {
        Random random = new Random(3463);
        List<String> phrases = ExtraPhrases.ALL;
        int checked = 0;
        int providerHits = 0;
        int systemHits = 0;
        for (int round = 0; round < 12_000; round++) {
            String text = TextNormalizer.normalize(randomText(random, phrases));
            if (TextNormalizer.withoutSesStatusGloss(text) != text) {
                continue; // the classifier asks the text itself then
            }
            boolean[] found = new boolean[phrases.size()];
            PhraseTable.BOOK.match(text, found);
            for (int i = 0; i < phrases.size(); i++) {
                assertEquals(text.contains(phrases.get(i)), found[i], () -> "'" + text + "'");
            }
            Cause expected = ProviderCodes.causeOf(text);
            assertEquals(expected, ProviderCodes.causeOf(text, found, ExtraPhrases.PROVIDER), text);
            providerHits += expected != null ? 1 : 0;
            for (String format : FORMATS) {
                SystemPhrases.Hit old = SystemPhrases.find(format, text);
                assertEquals(old, SystemPhrases.find(format, text, found, ExtraPhrases.SYSTEM), () -> format + ": " + text);
                systemHits += old != null ? 1 : 0;
            }
            checked++;
        }
        // the texts must exercise both readers, or the comparison says nothing
        assertTrue(checked > 10_000, "checked " + checked);
        assertTrue(providerHits > 200, "provider hits " + providerHits);
        assertTrue(systemHits > 1_000, "system hits " + systemHits);
    }

    @Test
    void offsetsCoverEveryReader() {
        assertEquals(SmtpCommand.phrases(), ExtraPhrases.ALL.subList(ExtraPhrases.STAGE, ExtraPhrases.PROVIDER));
        assertEquals(ProviderCodes.phrases(), ExtraPhrases.ALL.subList(ExtraPhrases.PROVIDER, ExtraPhrases.SYSTEM));
        assertEquals(SystemPhrases.phrases(),
                ExtraPhrases.ALL.subList(ExtraPhrases.SYSTEM, ExtraPhrases.ALL.size()));
        assertEquals(SystemPhrases.phrases().size(), SystemPhrases.phrases().stream().distinct().count());
    }

    /** Whole phrases (any case), pieces of them, provider codes and filler, joined by random separators. */
    private static String randomText(Random random, List<String> phrases) {
        StringBuilder b = new StringBuilder();
        int parts = random.nextInt(8);
        for (int i = 0; i < parts; i++) {
            String p = phrases.get(random.nextInt(phrases.size()));
            switch (random.nextInt(6)) {
                case 0, 1 -> b.append(random.nextBoolean() ? p : p.toUpperCase(java.util.Locale.ROOT));
                case 2 -> b.append(p, 0, random.nextInt(p.length() + 1));
                case 3 -> b.append(p, random.nextInt(p.length() + 1), p.length());
                case 4 -> b.append(CODES[random.nextInt(CODES.length)]);
                default -> {
                    char[] noise = new char[random.nextInt(12)];
                    Arrays.fill(noise, "ab .:-#@<>0123456789".charAt(random.nextInt(20)));
                    b.append(noise);
                }
            }
            b.append(random.nextInt(4) == 0 ? "" : CODES[CODES.length - 1 - random.nextInt(6)]);
        }
        return b.toString();
    }
}
