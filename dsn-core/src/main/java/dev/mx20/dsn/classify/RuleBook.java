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

    RuleBook(List<PhraseRule> rules) {
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
        matcher = new PhraseMatcher(fragments);
        rulesByFragment = new int[fragments.size()][];
        for (int f = 0; f < fragments.size(); f++) {
            rulesByFragment[f] = users.get(f).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    int size() {
        return rules.size();
    }

    /**
     * Every rule matching the normalised text, best (lowest table position) first; at most one hit per cause.
     */
    List<Hit> match(String normalized) {
        if (normalized.isEmpty()) {
            return List.of();
        }
        boolean[] found = new boolean[matcher.phraseCount()];
        if (matcher.scan(normalized, found) == 0) {
            return List.of();
        }
        boolean[] ruleHit = new boolean[rules.size()];
        for (int f = 0; f < found.length; f++) {
            if (!found[f]) {
                continue;
            }
            for (int r : rulesByFragment[f]) {
                if (!ruleHit[r] && allFound(r, found)
                        && (fragmentsByRule[r].length == 1 || rules.get(r).matchesInOrder(normalized))) {
                    ruleHit[r] = true;
                }
            }
        }
        List<Hit> hits = new ArrayList<>();
        boolean[] causeSeen = new boolean[Cause.values().length];
        for (int r = 0; r < ruleHit.length; r++) {
            if (ruleHit[r]) {
                PhraseRule rule = rules.get(r);
                if (!causeSeen[rule.cause().ordinal()]) {
                    causeSeen[rule.cause().ordinal()] = true;
                    hits.add(new Hit(r, rule.cause(), rule.pattern()));
                }
            }
        }
        return hits;
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
