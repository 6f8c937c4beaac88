package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Lines} against the {@code split("\n")} and {@code strip()} it replaces in the format readers. */
class LinesTest {
    /** Whitespace and non-whitespace of both kinds: Latin-1, other BMP, a supplementary letter, a lone surrogate. */
    private static final String[] PIECES = {"a", "B", " ", "\t", "\n", "\r", "\u000b", "\u001c", "\u00a0", "\u0085",
        "\u2003", "\u2007", "\u3000", "\ud835\udc00", "\ud800", "\u0130", "\n\n", "550 5.1.1", "<x@example.org>"};

    @Test
    void strippedIsSubstringThenStrip() {
        Random random = new Random(11);
        for (int n = 0; n < 100_000; n++) {
            String s = randomText(random);
            int from = random.nextInt(s.length() + 1);
            int to = from + random.nextInt(s.length() - from + 1);
            assertEquals(s.substring(from, to).strip(), Lines.stripped(s, from, to), s);
        }
    }

    @Test
    void lineWalksSeeSplitsLines() {
        Random random = new Random(12);
        for (int n = 0; n < 50_000; n++) {
            String s = randomText(random);
            List<String> keepingEmpty = new ArrayList<>();
            for (int pos = 0, eol; pos <= s.length(); pos = eol + 1) {
                eol = Lines.end(s, pos);
                keepingEmpty.add(Lines.stripped(s, pos, eol));
            }
            List<String> expected = new ArrayList<>();
            for (String raw : s.split("\n", -1)) {
                expected.add(raw.strip());
            }
            assertEquals(expected, keepingEmpty, s);
            // the walk up to the last character gives split("\n")'s lines plus empty ones at the end only
            List<String> upToEnd = new ArrayList<>();
            for (int pos = 0, eol; pos < s.length(); pos = eol + 1) {
                eol = Lines.end(s, pos);
                upToEnd.add(Lines.stripped(s, pos, eol));
            }
            List<String> split = new ArrayList<>();
            for (String raw : s.split("\n")) {
                split.add(raw.strip());
            }
            while (!split.isEmpty() && split.get(split.size() - 1).isEmpty()) {
                split.remove(split.size() - 1);
            }
            while (!upToEnd.isEmpty() && upToEnd.get(upToEnd.size() - 1).isEmpty()) {
                upToEnd.remove(upToEnd.size() - 1);
            }
            assertEquals(split, upToEnd, s);
        }
    }

    private static String randomText(Random random) {
        StringBuilder b = new StringBuilder();
        int count = random.nextInt(14);
        for (int i = 0; i < count; i++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }
}
