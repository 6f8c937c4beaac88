package dev.mx20.dsn.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a text, which of a fixed set of phrases it contains, so that hundreds of rule
 * phrases cost one scan of the diagnostic text instead of one scan per phrase.
 *
 * <p>How: every phrase of at least {@value #SHORT} characters is represented by one <em>anchor</em>, a piece
 * of it of fixed length ({@value #LONG} characters for phrases that long, else {@value #SHORT}), chosen to be
 * shared by as few other phrases as possible. The scan keeps the last {@value #LONG} characters of the text
 * packed in a {@code long} (one byte per character class) and asks, per text character, a hashed bitmap whether
 * the window ending there can be an anchor; only then does it look the anchor up and compare the phrases that
 * own it with the text ({@link String#regionMatches}). A phrase occurs in the text exactly when its anchor
 * occurs at its offset and the rest of it matches, so the result is that of {@link String#contains} for every
 * phrase. The few phrases shorter than {@value #SHORT} characters are found with {@link String#indexOf}.
 *
 * <p>Why not an Aho-Corasick automaton (this class was one until 2026-11): compiled to a complete transition
 * table, the 1,140 fragments of the {@link PhraseTable} made 13,500 states x 56 character classes, 1.5 MB, which
 * does not stay in the caches between two messages; each text character then cost a cache miss (~16 ns per
 * character in a profile of {@code BounceAnalyzer.analyze}), and the sparse layouts tried instead were slower
 * (docs/benchmarks.md, "speed3"). What this scan touches per character is a 128-entry class table and two
 * bitmaps of 8 KB and 512 bytes.
 *
 * <p>Phrases and text are compared char by char; callers normalise both the same way ({@link TextNormalizer}).
 * Immutable and thread-safe once built.
 */
final class PhraseMatcher {
    /** anchor length of long phrases: eight one-byte classes fill the {@code long} window */
    private static final int LONG = 8;
    /** anchor length of phrases of {@value} to {@value #LONG} - 1 characters; shorter ones use indexOf */
    private static final int SHORT = 4;
    private static final int ASCII = 128;
    /** 2^16 bits for the long anchors (8 KB): about 2 % of the bits set with ~1,100 anchors */
    private static final int LONG_BITS = 16;
    /** 2^12 bits for the short anchors (512 bytes) */
    private static final int SHORT_BITS = 12;
    private static final long MIX = 0x9E3779B97F4A7C15L; // 2^64 / golden ratio: Fibonacci hashing
    private static final long SHORT_MASK = 0xFFFFFFFFL;

    private final String[] phrases;
    /** class of each ASCII char; 0 = in no phrase */
    private final byte[] asciiClass = new byte[ASCII];
    /** the non-ASCII chars that occur in phrases, sorted, and their classes */
    private final char[] otherChars;
    private final byte[] otherClasses;
    private final long[] longFilter = new long[(1 << LONG_BITS) / 64];
    private final long[] shortFilter = new long[(1 << SHORT_BITS) / 64];
    /** open addressing by anchor key (0 = empty slot; no anchor key is 0) */
    private final long[] anchorKeys;
    /** owners of the anchor in slot s: candidates {@code [anchorStart[s], anchorStart[s + 1])} */
    private final int[] anchorStart;
    private final int[] candidatePhrase;
    /** where the anchor starts in the candidate phrase */
    private final int[] candidateOffset;
    private final int tableShift;
    /** phrases shorter than {@link #SHORT} */
    private final int[] tiny;

    PhraseMatcher(List<String> phrases) {
        this.phrases = phrases.toArray(new String[0]);
        // 1. character classes: each distinct phrase character gets one (1-255; past 255 classes are shared,
        //    which only costs false alarms that the comparison removes); every other character is class 0
        Map<Character, Integer> others = new HashMap<>();
        int nextClass = 1;
        for (String p : this.phrases) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty phrase");
            }
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < ASCII ? asciiClass[c] != 0 : others.containsKey(c)) {
                    continue;
                }
                int cls = (nextClass - 1) % 255 + 1;
                nextClass++;
                if (c < ASCII) {
                    asciiClass[c] = (byte) cls;
                } else {
                    others.put(c, cls);
                }
            }
        }
        otherChars = new char[others.size()];
        otherClasses = new byte[others.size()];
        int k = 0;
        for (char c : others.keySet().stream().sorted().toList()) {
            otherChars[k] = c;
            otherClasses[k++] = (byte) (int) others.get(c);
        }

        // 2. one anchor per phrase, the piece of it that the fewest other phrases contain
        Map<Long, Integer> sharedBy = new HashMap<>();
        for (String p : this.phrases) {
            int q = anchorLength(p);
            if (q == 0) {
                continue;
            }
            java.util.Set<Long> own = new java.util.HashSet<>();
            for (int o = 0; o + q <= p.length(); o++) {
                own.add(key(p, o, q));
            }
            for (Long key : own) {
                sharedBy.merge(key, 1, Integer::sum);
            }
        }
        Map<Long, List<int[]>> owners = new LinkedHashMap<>();
        List<Integer> tinyIds = new ArrayList<>();
        for (int id = 0; id < this.phrases.length; id++) {
            String p = this.phrases[id];
            int q = anchorLength(p);
            if (q == 0) {
                tinyIds.add(id);
                continue;
            }
            int best = 0;
            for (int o = 1; o + q <= p.length(); o++) {
                if (sharedBy.get(key(p, o, q)) < sharedBy.get(key(p, best, q))) {
                    best = o;
                }
            }
            long key = key(p, best, q);
            owners.computeIfAbsent(key, x -> new ArrayList<>()).add(new int[] {id, best});
            long h = key * MIX;
            if (q == LONG) {
                longFilter[(int) (h >>> (64 - LONG_BITS + 6))] |= 1L << (h >>> (64 - LONG_BITS));
            } else {
                shortFilter[(int) (h >>> (64 - SHORT_BITS + 6))] |= 1L << (h >>> (64 - SHORT_BITS));
            }
        }
        tiny = tinyIds.stream().mapToInt(Integer::intValue).toArray();

        // 3. the anchor table, at most half full
        int bits = 1;
        while (1 << bits < 2 * Math.max(1, owners.size())) {
            bits++;
        }
        tableShift = 64 - bits;
        anchorKeys = new long[1 << bits];
        int[] slotOf = new int[1 << bits];
        Arrays.fill(slotOf, -1);
        List<List<int[]>> groups = new ArrayList<>(owners.values());
        int g = 0;
        for (long key : owners.keySet()) {
            int slot = (int) ((key * MIX) >>> tableShift);
            while (anchorKeys[slot] != 0) {
                slot = (slot + 1) & (anchorKeys.length - 1);
            }
            anchorKeys[slot] = key;
            slotOf[slot] = g++;
        }
        anchorStart = new int[anchorKeys.length + 1];
        int total = 0;
        for (List<int[]> group : groups) {
            total += group.size();
        }
        candidatePhrase = new int[total];
        candidateOffset = new int[total];
        int next = 0;
        for (int s = 0; s < anchorKeys.length; s++) {
            anchorStart[s] = next;
            if (slotOf[s] >= 0) {
                for (int[] owner : groups.get(slotOf[s])) {
                    candidatePhrase[next] = owner[0];
                    candidateOffset[next++] = owner[1];
                }
            }
        }
        anchorStart[anchorKeys.length] = next;
    }

    private static int anchorLength(String phrase) {
        return phrase.length() >= LONG ? LONG : phrase.length() >= SHORT ? SHORT : 0;
    }

    /** The window key of {@code q} phrase characters from {@code from}, as the scan builds it. */
    private long key(String phrase, int from, int q) {
        long key = 0;
        for (int i = from; i < from + q; i++) {
            key = key << 8 | classOf(phrase.charAt(i));
        }
        return key;
    }

    private int classOf(char c) {
        if (c < ASCII) {
            return asciiClass[c] & 0xff;
        }
        int at = Arrays.binarySearch(otherChars, c);
        return at < 0 ? 0 : otherClasses[at] & 0xff;
    }

    /** How many phrases the matcher knows. */
    int phraseCount() {
        return phrases.length;
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
        long window = 0; // the classes of the last eight characters, the latest in the low byte
        for (int i = 0, len = text.length(); i < len; i++) {
            char c = text.charAt(i);
            int cls = c < ASCII ? asciiClass[c] & 0xff : classOf(c);
            window = window << 8 | cls;
            if (cls == 0) {
                continue; // no anchor holds a character of no phrase (and no anchor key has a 0 byte)
            }
            long h = window * MIX;
            if ((longFilter[(int) (h >>> (64 - LONG_BITS + 6))] & 1L << (h >>> (64 - LONG_BITS))) != 0) {
                hits = verify(text, i + 1 - LONG, window, found, ids, hits);
            }
            long shortKey = window & SHORT_MASK;
            h = shortKey * MIX;
            if ((shortFilter[(int) (h >>> (64 - SHORT_BITS + 6))] & 1L << (h >>> (64 - SHORT_BITS))) != 0) {
                hits = verify(text, i + 1 - SHORT, shortKey, found, ids, hits);
            }
        }
        for (int id : tiny) {
            if (!found[id] && text.contains(phrases[id])) {
                found[id] = true;
                ids[hits++] = id;
            }
        }
        return hits;
    }

    /** Compares the owners of the anchor {@code key} (if it is one) that starts at {@code anchorAt}. */
    private int verify(String text, int anchorAt, long key, boolean[] found, int[] ids, int hits) {
        int mask = anchorKeys.length - 1;
        for (int slot = (int) ((key * MIX) >>> tableShift); anchorKeys[slot] != 0; slot = (slot + 1) & mask) {
            if (anchorKeys[slot] != key) {
                continue;
            }
            for (int k = anchorStart[slot], end = anchorStart[slot + 1]; k < end; k++) {
                int id = candidatePhrase[k];
                int start = anchorAt - candidateOffset[k];
                String phrase = phrases[id];
                if (!found[id] && start >= 0 && text.regionMatches(start, phrase, 0, phrase.length())) {
                    found[id] = true;
                    ids[hits++] = id;
                }
            }
            return hits;
        }
        return hits;
    }
}
