package dev.mx20.dsn.classify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PhraseMatcherTest {

    @Test
    void findsOverlappingAndNestedPhrases() {
        PhraseMatcher m = new PhraseMatcher(List.of("user unknown", "unknown", "he", "she", "hers", "his"));
        boolean[] found = new boolean[6];
        int[] ids = new int[6];
        assertEquals(2, m.scan("550 user unknown", found, ids));
        assertArrayEquals(new boolean[] {true, true, false, false, false, false}, found);
        found = new boolean[6];
        assertEquals(3, m.scan("ushers", found, ids));
        assertArrayEquals(new boolean[] {false, false, true, true, true, false}, found);
    }

    /** The automaton must agree with String.contains on random phrases and texts (over a small alphabet). */
    @Test
    void agreesWithNaiveSearch() {
        Random random = new Random(5321);
        for (int round = 0; round < 300; round++) {
            List<String> phrases = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(30); i++) {
                phrases.add(randomText(random, 1 + random.nextInt(5)));
            }
            PhraseMatcher m = new PhraseMatcher(phrases);
            for (int t = 0; t < 20; t++) {
                boolean[] found = new boolean[phrases.size()];
                int[] ids = new int[phrases.size()];
                String text = randomText(random, random.nextInt(60));
                int hits = m.scan(text, found, ids);
                int expected = 0;
                for (boolean f : found) {
                    expected += f ? 1 : 0;
                }
                assertEquals(expected, hits);
                for (int i = 0; i < phrases.size(); i++) {
                    assertEquals(text.contains(phrases.get(i)), found[i], "'" + phrases.get(i) + "' in '" + text + "'");
                }
            }
        }
    }

    /**
     * Phrases of every anchor length (under 4 characters, 4-7 and 8 or more), many sharing pieces, duplicates,
     * and alphabets of more than 255 distinct characters (classes then shared): the scan must still agree with
     * String.contains for every phrase, including phrases at the very start and end of the text.
     */
    @Test
    void agreesWithNaiveSearchForLongPhrasesAndWideAlphabets() {
        Random random = new Random(3464);
        for (int round = 0; round < 400; round++) {
            String alphabet = round % 4 == 3 ? wideAlphabet(300) : "ab \u00e9c".substring(0, 2 + random.nextInt(4));
            List<String> phrases = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(60); i++) {
                phrases.add(randomText(random, alphabet, 1 + random.nextInt(14)));
            }
            if (random.nextBoolean()) {
                phrases.add(phrases.get(random.nextInt(phrases.size()))); // the same phrase twice: both found
            }
            PhraseMatcher m = new PhraseMatcher(phrases);
            for (int t = 0; t < 20; t++) {
                String text = randomText(random, alphabet + "xyz", random.nextInt(120));
                if (random.nextBoolean()) {
                    text = phrases.get(random.nextInt(phrases.size())) + text + phrases.get(random.nextInt(phrases.size()));
                }
                boolean[] found = new boolean[phrases.size()];
                int[] ids = new int[phrases.size()];
                int hits = m.scan(text, found, ids);
                int expected = 0;
                for (int i = 0; i < phrases.size(); i++) {
                    assertEquals(text.contains(phrases.get(i)), found[i], "'" + phrases.get(i) + "' in '" + text + "'");
                    expected += found[i] ? 1 : 0;
                }
                assertEquals(expected, hits);
                assertEquals(expected, java.util.Arrays.stream(ids, 0, hits).distinct().filter(id -> found[id]).count());
            }
        }
    }

    /** The real phrase table against String.contains, over texts made of its own fragments and pieces of them. */
    @Test
    void agreesWithNaiveSearchOnThePhraseTable() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        for (PhraseRule rule : PhraseTable.BOOK.rules()) {
            all.addAll(rule.fragments());
        }
        List<String> fragments = new ArrayList<>(all);
        PhraseMatcher m = new PhraseMatcher(fragments);
        Random random = new Random(5322);
        for (int t = 0; t < 3000; t++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 1 + random.nextInt(6); k++) {
                String f = fragments.get(random.nextInt(fragments.size()));
                int from = random.nextInt(f.length());
                b.append(f, random.nextBoolean() ? 0 : from, random.nextBoolean() ? f.length() : from + 1 + random.nextInt(f.length() - from));
                b.append(random.nextBoolean() ? " " : "");
            }
            String text = b.toString();
            boolean[] found = new boolean[fragments.size()];
            int[] ids = new int[fragments.size()];
            int hits = m.scan(text, found, ids);
            int expected = 0;
            for (int i = 0; i < fragments.size(); i++) {
                assertEquals(text.contains(fragments.get(i)), found[i], "'" + fragments.get(i) + "' in '" + text + "'");
                expected += found[i] ? 1 : 0;
            }
            assertEquals(expected, hits);
        }
    }

    /** The SMTP stage read from the rule book's pass is the stage SmtpCommand's own pass reads. */
    @Test
    void stageMarkersFromTheRuleBookPass() {
        List<String> markers = SmtpCommand.phrases();
        String[] words = {"550 5.1.1 user unknown", "in reply to", "rcpt to", "command", "after", "data", ">>>",
            "need rcpt", "unknown recipient or mailbox unavailable ->", "bob@example.org", "but my name was rejected",
            "(state 14)", "sent <<<", "mail from", "end of data", "pipelined"};
        Random random = new Random(5321);
        for (int t = 0; t < 5000; t++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 1 + random.nextInt(7); k++) {
                b.append(k == 0 ? "" : " ").append(random.nextInt(4) == 0
                        ? markers.get(random.nextInt(markers.size())) : words[random.nextInt(words.length)]);
            }
            String text = b.toString();
            boolean[] found = new boolean[markers.size()];
            PhraseTable.BOOK.match(text, found);
            for (int i = 0; i < markers.size(); i++) {
                assertEquals(text.contains(markers.get(i)), found[i], markers.get(i) + " in " + text);
            }
            assertEquals(SmtpCommand.find(text), SmtpCommand.find(text, found), text);
        }
    }

    @Test
    void rejectsEmptyPhrases() {
        assertThrows(IllegalArgumentException.class, () -> new PhraseMatcher(List.of("a", "")));
    }

    @Test
    void rulePatternsMustBeNormalised() {
        assertThrows(IllegalArgumentException.class, () -> PhraseRule.of(dev.mx20.dsn.taxonomy.Cause.USER_UNKNOWN, "User Unknown"));
        assertThrows(IllegalArgumentException.class, () -> PhraseRule.of(dev.mx20.dsn.taxonomy.Cause.USER_UNKNOWN, "*"));
    }

    private static String randomText(Random random, int length) {
        return randomText(random, "abc \u00e9", length);
    }

    private static String randomText(Random random, String alphabet, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(c);
    }

    /** ASCII letters and enough CJK ideographs for {@code size} distinct characters. */
    private static String wideAlphabet(int size) {
        StringBuilder b = new StringBuilder("abcdefghijklmnopqrstuvwxyz ");
        for (char c = '\u4e00'; b.length() < size; c++) {
            b.append(c);
        }
        return b.toString();
    }
}
