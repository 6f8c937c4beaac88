package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which of many lower-case needles occur in a text, in fewer passes than one {@code contains} per needle, with
 * exactly the same answers. Needles sharing a short <em>anchor</em> ("this is ", "the following", ...) are found
 * together: every occurrence of the anchor is visited ({@code indexOf} from one past the last, so overlapping ones
 * too) and each needle of the group is compared at the offset its anchor has inside it. A needle occurs at p only
 * if its anchor occurs at p + offset, so no occurrence is missed; a needle is reported only after a full comparison,
 * so none is invented. Needles without an anchor are looked for alone.
 *
 * <p>Why: {@code String.indexOf} is the JDK's vectorised intrinsic, so no Java loop over the characters (an
 * automaton, a trigram filter: both measured slower) beats one scan per needle; fewer scans do. The anchors are
 * chosen from the families' sentences (a bounce template's opening words) and are rare in other text, so the
 * occurrences to check are few.
 */
final class TextScan {
    /**
     * Candidate anchors, most shared first: a needle joins the first one it contains. Short, present in many needles,
     * and not frequent in bounce texts (the comparisons at each occurrence are the price).
     */
    static final String[] ANCHORS = {
        "this ", "the following", "deliver", "message", "-----", "ministra", "group",
    };

    /**
     * One anchor's needles: where the anchor starts inside each, the character each has right after it ({@code -1}
     * when the needle ends with the anchor), and their bits ({@code all}: every one).
     */
    private record Group(String anchor, String[] needles, int[] offsets, int[] next, long[] bits, long all) {
    }

    private final List<Group> groups = new ArrayList<>();
    private final String[] alone;
    private final long[] aloneBits;
    private final Map<String, Integer> bitsByNeedle;

    TextScan(Map<String, Integer> bitsByNeedle) {
        this.bitsByNeedle = Map.copyOf(bitsByNeedle);
        List<List<String>> members = new ArrayList<>();
        for (int a = 0; a < ANCHORS.length; a++) {
            members.add(new ArrayList<>());
        }
        List<String> single = new ArrayList<>();
        for (String needle : bitsByNeedle.keySet()) {
            int a = 0;
            while (a < ANCHORS.length && !needle.contains(ANCHORS[a])) {
                a++;
            }
            if (a < ANCHORS.length) {
                members.get(a).add(needle);
            } else {
                single.add(needle);
            }
        }
        for (int a = 0; a < ANCHORS.length; a++) {
            List<String> m = members.get(a);
            if (m.isEmpty()) {
                continue;
            }
            String[] needles = m.toArray(new String[0]);
            int[] offsets = new int[needles.length];
            int[] next = new int[needles.length];
            long[] bits = new long[needles.length];
            long all = 0;
            for (int i = 0; i < needles.length; i++) {
                offsets[i] = needles[i].indexOf(ANCHORS[a]);
                int after = offsets[i] + ANCHORS[a].length();
                next[i] = after < needles[i].length() ? needles[i].charAt(after) : -1;
                bits[i] = 1L << bitsByNeedle.get(needles[i]);
                all |= bits[i];
            }
            groups.add(new Group(ANCHORS[a], needles, offsets, next, bits, all));
        }
        this.alone = single.toArray(new String[0]);
        this.aloneBits = new long[alone.length];
        for (int i = 0; i < alone.length; i++) {
            aloneBits[i] = 1L << bitsByNeedle.get(alone[i]);
        }
    }

    /** The bits of the needles that occur in {@code text}. */
    long bits(String text) {
        long found = 0;
        for (Group g : groups) {
            found |= scan(text, g);
        }
        for (int i = 0; i < alone.length; i++) {
            if ((found & aloneBits[i]) == 0 && text.contains(alone[i])) {
                found |= aloneBits[i];
            }
        }
        return found;
    }

    private static long scan(String text, Group g) {
        String anchor = g.anchor;
        String[] needles = g.needles;
        int[] offsets = g.offsets;
        int[] next = g.next;
        long[] bits = g.bits;
        long found = 0;
        for (int at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
            int after = at + anchor.length();
            // the character after the anchor, the same place in every needle that goes on past it: most needles
            // are told apart by it without a comparison
            int c = after < text.length() ? text.charAt(after) : -1;
            for (int i = 0; i < needles.length; i++) {
                if ((next[i] == c || next[i] < 0) && (found & bits[i]) == 0) {
                    int start = at - offsets[i];
                    if (start >= 0 && text.startsWith(needles[i], start)) {
                        found |= bits[i];
                    }
                }
            }
            if ((found & g.all) == g.all) {
                break;
            }
        }
        return found;
    }

    /** Whether a needle is found by an anchor's scan rather than one of its own. */
    static boolean anchored(String needle) {
        for (String a : ANCHORS) {
            if (needle.contains(a)) {
                return true;
            }
        }
        return false;
    }

    long bitOf(String needle) {
        Integer bit = bitsByNeedle.get(needle);
        if (bit == null) {
            throw new IllegalArgumentException(needle);
        }
        return 1L << bit;
    }

    List<String> needles() {
        return List.copyOf(bitsByNeedle.keySet());
    }

    /** For tests and the docs: each anchor with its needles, then the needles scanned alone. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Group g : groups) {
            b.append('"').append(g.anchor).append("\": ").append(List.of(g.needles)).append('\n');
        }
        return b.append("alone: ").append(List.of(alone)).toString();
    }
}
