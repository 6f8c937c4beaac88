package dev.mx20.dsn.classify;

import dev.mx20.dsn.taxonomy.Cause;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The phrase table compiled for speed: every fragment of every {@link PhraseRule} goes into one
 * {@link PhraseMatcher}, so a text is scanned once; only rules whose fragments were all seen are then checked
 * for fragment order. Rules keep their table order, which is their priority.
 */
final class RuleBook {
    private final List<PhraseRule> rules;
    private final PhraseMatcher matcher;
    /** fragment id -> indexes of the rules that use it */
    private final int[][] rulesByFragment;
    /** rule index -> fragment ids */
    private final int[][] fragmentsByRule;

    /** A rule that matched, with the phrase that is the evidence. */
    record Hit(int priority, Cause cause, String pattern) {
    }

    /** phrases looked for in the same scan for someone else (ids from {@link #fragmentCount} on) */
    private final int fragmentCount;
    private final int extraCount;

    RuleBook(List<PhraseRule> rules) {
        this(rules, List.of());
    }

    /**
     * @param extraPhrases phrases that are no rule's but are looked for in the same pass over the text, for a
     *                     caller that would otherwise scan the same text again ({@link #match(String, boolean[])})
     */
    RuleBook(List<PhraseRule> rules, List<String> extraPhrases) {
        if (Cause.values().length > 64) {
            throw new IllegalStateException("match() keeps one bit per cause in a long");
        }
        this.rules = List.copyOf(rules);
        Map<String, Integer> ids = new HashMap<>();
        List<String> fragments = new ArrayList<>();
        List<List<Integer>> users = new ArrayList<>();
        fragmentsByRule = new int[rules.size()][];
        for (int r = 0; r < rules.size(); r++) {
            List<String> fs = rules.get(r).fragments();
            fragmentsByRule[r] = new int[fs.size()];
            for (int i = 0; i < fs.size(); i++) {
                String f = fs.get(i);
                Integer id = ids.get(f);
                if (id == null) {
                    id = fragments.size();
                    ids.put(f, id);
                    fragments.add(f);
                    users.add(new ArrayList<>());
                }
                fragmentsByRule[r][i] = id;
                if (!users.get(id).contains(r)) {
                    users.get(id).add(r);
                }
            }
        }
        fragmentCount = fragments.size();
        extraCount = extraPhrases.size();
        List<String> phrases = new ArrayList<>(fragments);
        phrases.addAll(extraPhrases);
        matcher = new PhraseMatcher(phrases);
        rulesByFragment = new int[phrases.size()][];
        for (int f = 0; f < phrases.size(); f++) {
            rulesByFragment[f] = f < fragmentCount ? users.get(f).stream().mapToInt(Integer::intValue).toArray()
                    : new int[0];
        }
    }

    int size() {
        return rules.size();
    }

    /** The rules, in table order. */
    List<PhraseRule> rules() {
        return rules;
    }

    /**
     * Every rule matching the normalised text, best (lowest table position) first; at most one hit per cause.
     */
    List<Hit> match(String normalized) {
        return match(normalized, null);
    }

    /**
     * {@link #match(String)}, also telling which of the extra phrases given to the constructor the text contains.
     *
     * @param extraFound {@code null}, or one entry per extra phrase, all {@code false} on entry; set to
     *                   {@code true} for those the text contains
     */
    List<Hit> match(String normalized, boolean[] extraFound) {
        if (normalized.isEmpty()) {
            return List.of();
        }
        Scratch scratch = SCRATCH.get();
        if (scratch.found.length != matcher.phraseCount()) {
            scratch = new Scratch(matcher.phraseCount());
            SCRATCH.set(scratch);
        }
        boolean[] found = scratch.found;
        int[] ids = scratch.ids;
        int hits = matcher.scan(normalized, found, ids);
        if (extraFound != null && extraCount > 0) {
            for (int h = 0; h < hits; h++) {
                if (ids[h] >= fragmentCount) {
                    extraFound[ids[h] - fragmentCount] = true;
                }
            }
        }
        try {
            return rulesOf(normalized, found, ids, hits);
        } finally {
            for (int h = 0; h < hits; h++) {
                found[ids[h]] = false; // leave the scratch all-false for the next text
            }
        }
    }

    /**
     * Per-thread scan buffers, so that a match allocates nothing proportional to the table size. Only the
     * entries a scan set are cleared afterwards.
     */
    private static final class Scratch {
        final boolean[] found;
        final int[] ids;

        Scratch(int size) {
            found = new boolean[size];
            ids = new int[size];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> new Scratch(0));

    private List<Hit> rulesOf(String normalized, boolean[] found, int[] ids, int hits) {
        if (hits == 0) {
            return List.of();
        }
        // the few rules whose fragments were all seen, in table order
        int[] matched = new int[Math.min(rules.size(), hits * 4 + 4)];
        int count = 0;
        for (int h = 0; h < hits; h++) {
            for (int r : rulesByFragment[ids[h]]) {
                if (allFound(r, found) && (fragmentsByRule[r].length == 1 || rules.get(r).matchesInOrder(normalized))
                        && !contains(matched, count, r)) {
                    if (count == matched.length) {
                        matched = java.util.Arrays.copyOf(matched, Math.min(rules.size(), count * 2));
                    }
                    matched[count++] = r;
                }
            }
        }
        java.util.Arrays.sort(matched, 0, count);
        List<Hit> result = new ArrayList<>(count);
        long causesSeen = 0; // one bit per Cause ordinal (fewer than 64 causes)
        for (int i = 0; i < count; i++) {
            PhraseRule rule = rules.get(matched[i]);
            long bit = 1L << rule.cause().ordinal();
            if ((causesSeen & bit) == 0) {
                causesSeen |= bit;
                result.add(new Hit(matched[i], rule.cause(), rule.pattern()));
            }
        }
        return result;
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private boolean allFound(int rule, boolean[] found) {
        for (int f : fragmentsByRule[rule]) {
            if (!found[f]) {
                return false;
            }
        }
        return true;
    }
}
