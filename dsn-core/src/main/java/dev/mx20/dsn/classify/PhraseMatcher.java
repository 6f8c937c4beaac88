package dev.mx20.dsn.classify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a text, which of a fixed set of phrases it contains: an Aho-Corasick automaton
 * (one transition per text character). Used so that hundreds of rule phrases cost one scan of the diagnostic
 * text instead of one scan per phrase.
 *
 * <p>Characters are first mapped to classes: each distinct character of the phrases is a class, every other
 * character is class 0, which no phrase contains. Phrases and text are compared char by char; callers normalise
 * both the same way ({@link TextNormalizer}). Immutable and thread-safe once built.
 *
 * <p>Layout, for the cache: a complete transition table for all ~13,500 states of the rule book's automaton is
 * 1.8 MB, which no core's private cache holds, and every scan (one per recipient, between parser work that
 * evicts it) paid a cache miss on most characters. So only the shallow states, where a scan spends most of its
 * characters, keep a complete row; deeper states keep only their trie children and their fail link (the
 * textbook Aho-Corasick form), and a character that leaves a deep state by no child follows fail links until a
 * state with a child for it or with a complete row. Both give the same next state by construction; the whole
 * automaton is ~0.2 MB. States are numbered breadth first, so the shallow ones are {@code 0..denseStates-1}
 * and the phrases ending at a state are a slice of one flat array.
 */
final class PhraseMatcher {
    private static final int ASCII = 128;
    /** States at this trie depth or less keep a complete transition row (root = depth 0). */
    static final int DENSE_DEPTH = 2;
    /** A complete table up to this size is kept whole. */
    private static final int SMALL_TABLE_BYTES = 64 * 1024;

    /** class of each ASCII char; 0 = not in any phrase */
    private final int[] asciiClass = new int[ASCII];
    /** class of the non-ASCII chars that occur in phrases */
    private final Map<Character, Integer> otherClass = new HashMap<>();
    private final int classes;
    /** states {@code 0..denseStates-1} have a complete row in {@link #delta} */
    private final int denseStates;
    /** next state of a dense state = delta[state * classes + class]; char-sized (states fit in 16 bits) */
    private final char[] delta;
    /** trie children of state s (s >= denseStates): edges[childStart[s]..childStart[s+1]), each class << 16 | child */
    private final int[] childStart;
    private final int[] edges;
    /** fail link of each state: the longest proper suffix of its path that is a trie state */
    private final char[] fail;
    /** phrase ids that end at state s, including those reached through fail links: outputs[outStart[s]..outStart[s+1]) */
    private final int[] outStart;
    private final int[] outputs;
    /** one bit per state: whether any phrase ends there (small enough to stay in the L1 cache; most states have none) */
    private final long[] hasOutput;
    private final int phraseCount;

    PhraseMatcher(List<String> phrases) {
        this(phrases, -1);
    }

    /**
     * @param denseDepth states up to this depth get a complete row (tests use small values to exercise fail
     *                   links); negative: {@link #DENSE_DEPTH}, or every state when the complete table is small
     */
    PhraseMatcher(List<String> phrases, int denseDepth) {
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
        List<int[]> children = new ArrayList<>(); // trie edges only, kept before rows are completed
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
        int n = go.size();
        if (n > Character.MAX_VALUE) {
            throw new IllegalArgumentException("too many phrase states for a 16-bit table: " + n);
        }
        for (int s = 0; s < n; s++) {
            children.add(go.get(s).clone());
        }
        // 2. fail links breadth first, turning the trie into a complete transition table; the BFS order is
        // the new state numbering (shallow states first)
        int[] failOld = new int[n];
        int[] depth = new int[n];
        int[] order = new int[n];
        int ordered = 0;
        order[ordered++] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] root = go.get(0);
        for (int c = 0; c < classes; c++) {
            if (root[c] < 0) {
                root[c] = 0;
            } else {
                failOld[root[c]] = 0;
                depth[root[c]] = 1;
                queue.add(root[c]);
                order[ordered++] = root[c];
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            out.get(state).addAll(out.get(failOld[state]));
            int[] row = go.get(state);
            for (int c = 0; c < classes; c++) {
                int child = row[c];
                if (child < 0) {
                    row[c] = go.get(failOld[state])[c];
                } else {
                    failOld[child] = go.get(failOld[state])[c];
                    depth[child] = depth[state] + 1;
                    queue.add(child);
                    order[ordered++] = child;
                }
            }
        }
        if (denseDepth < 0) {
            // a small automaton (SmtpCommand's markers) stays in cache whole: complete rows everywhere
            denseDepth = (long) n * classes * 2 <= SMALL_TABLE_BYTES ? Integer.MAX_VALUE : DENSE_DEPTH;
        }
        int[] renumber = new int[n];
        int dense = 0;
        for (int i = 0; i < n; i++) {
            renumber[order[i]] = i;
            if (depth[order[i]] <= denseDepth) {
                dense = i + 1; // BFS order: depths never decrease, so the dense states are a prefix
            }
        }
        denseStates = dense;
        delta = new char[dense * classes];
        fail = new char[n];
        childStart = new int[n + 1];
        outStart = new int[n + 1];
        List<Integer> cc = new ArrayList<>();
        List<Integer> cs = new ArrayList<>();
        List<Integer> outs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int old = order[i];
            fail[i] = (char) renumber[failOld[old]];
            if (i < dense) {
                int[] row = go.get(old);
                for (int c = 0; c < classes; c++) {
                    delta[i * classes + c] = (char) renumber[row[c]];
                }
            }
            childStart[i] = cc.size();
            if (i >= dense) {
                int[] kids = children.get(old);
                for (int c = 0; c < classes; c++) {
                    if (kids[c] >= 0) {
                        cc.add(c);
                        cs.add(renumber[kids[c]]);
                    }
                }
            }
            outStart[i] = outs.size();
            out.get(old).stream().mapToInt(Integer::intValue).distinct().forEach(outs::add);
        }
        childStart[n] = cc.size();
        outStart[n] = outs.size();
        edges = new int[cc.size()];
        for (int e = 0; e < cc.size(); e++) {
            edges[e] = cc.get(e) << 16 | cs.get(e);
        }
        outputs = outs.stream().mapToInt(Integer::intValue).toArray();
        hasOutput = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) {
            if (outStart[i + 1] > outStart[i]) {
                hasOutput[i >>> 6] |= 1L << i;
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
            state = next(state, c < ASCII ? asciiClass[c] : classOf(c));
            if ((hasOutput[state >>> 6] & 1L << state) == 0) {
                continue;
            }
            for (int k = outStart[state], end = outStart[state + 1]; k < end; k++) {
                int p = outputs[k];
                if (!found[p]) {
                    found[p] = true;
                    ids[hits++] = p;
                }
            }
        }
        return hits;
    }

    /** The Aho-Corasick transition: a trie child if there is one, else the fail link's transition. */
    private int next(int state, int cls) {
        while (state >= denseStates) {
            for (int e = childStart[state], end = childStart[state + 1]; e < end; e++) {
                int edge = edges[e];
                if (edge >>> 16 == cls) {
                    return edge & 0xFFFF;
                }
            }
            state = fail[state];
        }
        return delta[state * classes + cls];
    }
}
