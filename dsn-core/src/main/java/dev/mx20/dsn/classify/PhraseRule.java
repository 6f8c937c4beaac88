package dev.mx20.dsn.classify;

import dev.mx20.dsn.taxonomy.Cause;

import java.util.List;

/**
 * One line of the phrase table: a cause and one phrase pattern. A pattern is one or more fragments separated
 * by {@code *}; it matches when the fragments occur in that order (for example
 * {@code "user * does not exist"}). Fragments are written in normalised form (lower case, single spaces).
 *
 * @param cause     the cause the phrase is evidence of
 * @param pattern   the pattern as written in the table
 * @param fragments the fragments of the pattern, in order
 */
record PhraseRule(Cause cause, String pattern, List<String> fragments) {

    static PhraseRule of(Cause cause, String pattern) {
        String[] parts = pattern.split("\\*", -1);
        List<String> fragments = new java.util.ArrayList<>();
        for (String p : parts) {
            if (!p.isEmpty()) {
                fragments.add(p);
            }
        }
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException("pattern without text: '" + pattern + "'");
        }
        if (!TextNormalizer.normalize(pattern).equals(pattern.trim().replaceAll("\\s+", " "))
                || !pattern.equals(pattern.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("pattern must be lower case, single-spaced: '" + pattern + "'");
        }
        return new PhraseRule(cause, pattern, List.copyOf(fragments));
    }

    /** {@code true} when the fragments occur in order in the (normalised) text. */
    boolean matchesInOrder(String text) {
        int from = 0;
        for (String f : fragments) {
            int at = text.indexOf(f, from);
            if (at < 0) {
                return false;
            }
            from = at + f.length();
        }
        return true;
    }
}
