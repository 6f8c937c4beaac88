package dev.mx20.dsn.classify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a text, which of a fixed set of phrases it contains (an Aho-Corasick automaton).
 * Used so that hundreds of rule phrases cost one scan of the diagnostic text instead of one scan per phrase.
 *
 * <p>Phrases and text are compared char by char; callers normalise both the same way ({@link TextNormalizer}).
 * Immutable and thread-safe once built.
 */
final class PhraseMatcher {
    /** children of node n: keys[n][i] -> targets[n][i] (small arrays, scanned linearly) */
    private final char[][] keys;
    private final int[][] targets;
    private final int[] fail;
    /** phrase ids that end at node n, including those reached through fail links */
    private final int[][] outputs;
    private final int phraseCount;

    PhraseMatcher(List<String> phrases) {
        List<Map<Character, Integer>> trie = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        trie.add(new HashMap<>());
        out.add(new ArrayList<>());
        for (int p = 0; p < phrases.size(); p++) {
            String phrase = phrases.get(p);
            if (phrase.isEmpty()) {
                throw new IllegalArgumentException("empty phrase");
            }
            int node = 0;
            for (int i = 0; i < phrase.length(); i++) {
                Integer next = trie.get(node).get(phrase.charAt(i));
                if (next == null) {
                    next = trie.size();
                    trie.get(node).put(phrase.charAt(i), next);
                    trie.add(new HashMap<>());
                    out.add(new ArrayList<>());
                }
                node = next;
            }
            out.get(node).add(p);
        }
        int n = trie.size();
        keys = new char[n][];
        targets = new int[n][];
        for (int i = 0; i < n; i++) {
            Map<Character, Integer> children = trie.get(i);
            keys[i] = new char[children.size()];
            targets[i] = new int[children.size()];
            int k = 0;
            for (Map.Entry<Character, Integer> e : children.entrySet()) {
                keys[i][k] = e.getKey();
                targets[i][k++] = e.getValue();
            }
        }
        fail = new int[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : targets[0]) {
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int k = 0; k < keys[node].length; k++) {
                char c = keys[node][k];
                int child = targets[node][k];
                int f = fail[node];
                while (f != 0 && child(f, c) < 0) {
                    f = fail[f];
                }
                int via = child(f, c);
                fail[child] = via >= 0 && via != child ? via : 0;
                out.get(child).addAll(out.get(fail[child]));
                queue.add(child);
            }
        }
        outputs = new int[n][];
        for (int i = 0; i < n; i++) {
            outputs[i] = out.get(i).stream().mapToInt(Integer::intValue).distinct().toArray();
        }
        phraseCount = phrases.size();
    }

    private int child(int node, char c) {
        char[] k = keys[node];
        for (int i = 0; i < k.length; i++) {
            if (k[i] == c) {
                return targets[node][i];
            }
        }
        return -1;
    }

    /** How many phrases the matcher knows. */
    int phraseCount() {
        return phraseCount;
    }

    /**
     * Marks in {@code found} (indexed by phrase id) every phrase occurring in {@code text}.
     *
     * @return how many distinct phrases were found
     */
    int scan(CharSequence text, boolean[] found) {
        Arrays.fill(found, false);
        int hits = 0;
        int node = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            char c = text.charAt(i);
            int next;
            while ((next = child(node, c)) < 0 && node != 0) {
                node = fail[node];
            }
            node = Math.max(next, 0);
            for (int p : outputs[node]) {
                if (!found[p]) {
                    found[p] = true;
                    hits++;
                }
            }
        }
        return hits;
    }
}
