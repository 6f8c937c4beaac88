package dev.mx20.dsn.classify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a text, which of a fixed set of phrases it contains: an Aho-Corasick automaton
 * compiled into a deterministic table (one array lookup per text character). Used so that hundreds of rule
 * phrases cost one scan of the diagnostic text instead of one scan per phrase.
 *
 * <p>Characters are first mapped to classes: each distinct character of the phrases is a class, every other
 * character is class 0, which no phrase contains. Phrases and text are compared char by char; callers normalise
 * both the same way ({@link TextNormalizer}). Immutable and thread-safe once built.
 */
final class PhraseMatcher {
    private static final int ASCII = 128;

    /** class of each ASCII char; 0 = not in any phrase */
    private final int[] asciiClass = new int[ASCII];
    /** class of the non-ASCII chars that occur in phrases */
    private final Map<Character, Integer> otherClass = new HashMap<>();
    private final int classes;
    /** next state = delta[state * classes + class]; char-sized to halve the table (states fit in 16 bits) */
    private final char[] delta;
    /** phrase ids that end at a state, including those reached through fail links */
    private final int[][] outputs;
    /**
     * One bit per state: whether any phrase ends there. Most states have none, and asking {@link #outputs} for
     * every text character cost two dependent loads into a 13,000-entry array of small arrays spread over the
     * heap; the bitmap is 1.7 KB and stays in the first-level cache.
     */
    private final long[] hasOutput;
    private final int phraseCount;

    PhraseMatcher(List<String> phrases) {
        int nextClass = 1;
        for (String p : phrases) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty phrase");
            }
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < ASCII) {
                    if (asciiClass[c] == 0) {
                        asciiClass[c] = nextClass++;
                    }
                } else if (!otherClass.containsKey(c)) {
                    otherClass.put(c, nextClass++);
                }
            }
        }
        classes = nextClass;

        // 1. the trie, with -1 for "no child"
        List<int[]> go = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        go.add(newRow());
        out.add(new ArrayList<>());
        for (int p = 0; p < phrases.size(); p++) {
            String phrase = phrases.get(p);
            int state = 0;
            for (int i = 0; i < phrase.length(); i++) {
                int cls = classOf(phrase.charAt(i));
                int next = go.get(state)[cls];
                if (next < 0) {
                    next = go.size();
                    go.get(state)[cls] = next;
                    go.add(newRow());
                    out.add(new ArrayList<>());
                }
                state = next;
            }
            out.get(state).add(p);
        }
        // 2. fail links breadth first, turning the trie into a complete transition table
        int n = go.size();
        int[] fail = new int[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] root = go.get(0);
        for (int c = 0; c < classes; c++) {
            if (root[c] < 0) {
                root[c] = 0;
            } else {
                fail[root[c]] = 0;
                queue.add(root[c]);
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            out.get(state).addAll(out.get(fail[state]));
            int[] row = go.get(state);
            for (int c = 0; c < classes; c++) {
                int child = row[c];
                if (child < 0) {
                    row[c] = go.get(fail[state])[c];
                } else {
                    fail[child] = go.get(fail[state])[c];
                    queue.add(child);
                }
            }
        }
        if (n > Character.MAX_VALUE) {
            throw new IllegalArgumentException("too many phrase states for a 16-bit table: " + n);
        }
        delta = new char[n * classes];
        outputs = new int[n][];
        for (int s = 0; s < n; s++) {
            int[] row = go.get(s);
            for (int c = 0; c < classes; c++) {
                delta[s * classes + c] = (char) row[c];
            }
            outputs[s] = out.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
        }
        hasOutput = new long[(n + 63) >>> 6];
        for (int s = 0; s < n; s++) {
            if (outputs[s].length > 0) {
                hasOutput[s >>> 6] |= 1L << s;
            }
        }
        phraseCount = phrases.size();
    }

    private int[] newRow() {
        int[] row = new int[classes];
        java.util.Arrays.fill(row, -1);
        return row;
    }

    private int classOf(char c) {
        if (c < ASCII) {
            return asciiClass[c];
        }
        if (otherClass.isEmpty()) {
            return 0;
        }
        Integer cls = otherClass.get(c);
        return cls == null ? 0 : cls;
    }

    /** How many phrases the matcher knows. */
    int phraseCount() {
        return phraseCount;
    }

    /**
     * Finds every phrase occurring in {@code text}.
     *
     * @param found scratch of {@link #phraseCount()} entries, all {@code false} on entry; entries of the
     *              phrases found are {@code true} on return
     * @param ids   receives the ids of the phrases found (distinct), at least {@link #phraseCount()} long
     * @return how many ids were written
     */
    int scan(String text, boolean[] found, int[] ids) {
        int hits = 0;
        int state = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            char c = text.charAt(i);
            state = delta[state * classes + (c < ASCII ? asciiClass[c] : classOf(c))];
            if ((hasOutput[state >>> 6] & 1L << state) == 0) {
                continue;
            }
            int[] o = outputs[state];
            for (int k = 0; k < o.length; k++) {
                int p = o[k];
                if (!found[p]) {
                    found[p] = true;
                    ids[hits++] = p;
                }
            }
        }
        return hits;
    }
}
