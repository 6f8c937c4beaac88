package dev.mx20.dsn.parse;

import java.util.function.Predicate;

/**
 * How a family recognises its messages: a predicate on the {@link BounceContext} built from small facts (a header, a
 * sender, a subject, a sentence in the error region) that also knows a {@link Condition} it implies. The condition is
 * derived from the expression itself: an atom's is the fact it tests, {@code a.or(b)} has the join of both, {@code
 * a.and(b)} the clauses of both; any other predicate (a lambda, a method reference) contributes "nothing known",
 * which is always safe. So a family declares its test once and the registry's index can never skip a family whose
 * test would have held.
 */
final class Marker implements Predicate<BounceContext> {
    private final Predicate<BounceContext> test;
    private final Condition condition;

    private Marker(Predicate<BounceContext> test, Condition condition) {
        this.test = test;
        this.condition = condition;
    }

    /** A test of which nothing cheaper is known: the family is always tried. */
    static Marker of(Predicate<BounceContext> test) {
        return test instanceof Marker m ? m : new Marker(test, Condition.ALWAYS);
    }

    private static Condition conditionOf(Predicate<? super BounceContext> p) {
        return p instanceof Marker m ? m.condition : Condition.ALWAYS;
    }

    @Override
    public boolean test(BounceContext ctx) {
        return test.test(ctx);
    }

    /** What must hold whenever this test does. */
    Condition condition() {
        return condition;
    }

    @Override
    public Marker or(Predicate<? super BounceContext> other) {
        Predicate<BounceContext> a = test;
        return new Marker(c -> a.test(c) || other.test(c), condition.or(conditionOf(other)));
    }

    @Override
    public Marker and(Predicate<? super BounceContext> other) {
        Predicate<BounceContext> a = test;
        return new Marker(c -> a.test(c) && other.test(c), condition.and(conditionOf(other)));
    }

    @Override
    public Marker negate() {
        Predicate<BounceContext> a = test;
        return new Marker(c -> !a.test(c), Condition.ALWAYS);
    }

    // --- atoms, all on lower-cased values ---------------------------------------------------------------------

    /** A top-level header field with this name exists. */
    static Marker header(String name) {
        return new Marker(c -> c.hasHeader(name), Condition.header(name));
    }

    /** The first header field of this name, lower-cased, contains the (non-empty, lower-case) needle. */
    static Marker headerContains(String name, String needle) {
        return new Marker(c -> c.headerLower(name).contains(needle),
                nonEmpty(needle, Condition.headerContains(name, needle)));
    }

    /** The first header field of this name, lower-cased, ends with the (non-empty, lower-case) suffix. */
    static Marker headerEndsWith(String name, String suffix) {
        return new Marker(c -> c.headerLower(name).endsWith(suffix),
                nonEmpty(suffix, Condition.headerEndsWith(name, suffix)));
    }

    /** The lower-case error region ({@link BounceText#lowerRegion()}) contains the lower-case needle. */
    static Marker text(String needle) {
        return new Marker(c -> c.text.lowerRegion().contains(needle), Condition.text(needle));
    }

    /** The lower-case error region contains any of the needles. */
    static Marker anyText(String... needles) {
        Marker m = text(needles[0]);
        for (int i = 1; i < needles.length; i++) {
            m = m.or(text(needles[i]));
        }
        return m;
    }

    /** The whole lower-case text, returned original included, contains the needle: not indexed. */
    static Marker fullText(String needle) {
        return new Marker(c -> c.text.lower().contains(needle), Condition.ALWAYS);
    }

    static Marker fromContains(String needle) {
        return direct(c -> c.from.contains(needle));
    }

    static Marker subjectStarts(String prefix) {
        return direct(c -> c.subject.startsWith(prefix));
    }

    static Marker subjectEquals(String subject) {
        return direct(c -> c.subject.equals(subject));
    }

    static Marker subjectContains(String needle) {
        return direct(c -> c.subject.contains(needle));
    }

    static Marker subjectEnds(String suffix) {
        return direct(c -> c.subject.endsWith(suffix));
    }

    /** A test cheap enough to be its own condition (a few characters of From or Subject). */
    private static Marker direct(Predicate<BounceContext> test) {
        return new Marker(test, Condition.direct(test));
    }

    private static Condition nonEmpty(String needle, Condition condition) {
        // an absent header reads as "", which contains (and ends with) the empty string
        return needle.isEmpty() ? Condition.ALWAYS : condition;
    }

    @Override
    public String toString() {
        return "Marker" + condition;
    }
}
