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
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = "abc \u00e9".charAt(random.nextInt(5));
        }
        return new String(c);
    }
}
