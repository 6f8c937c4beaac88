package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A necessary condition of a family's detection: whenever the family's {@link Marker} holds for a message, so does
 * this. {@link FamilyIndex} computes the features it names once per message and skips every family whose condition
 * fails, so the order of the families (first match wins) is kept while most of their predicates are never run.
 *
 * <p>The condition is a conjunction of clauses, each a disjunction of cheap facts: a top-level header field of that
 * name exists (compared ignoring case, as {@link BounceContext#hasHeader}), the first such field's value holds a text,
 * the lower-case error region contains a text, or a direct test on the lower-case From or Subject (a few characters, cheaper than any index). No clause at
 * all ({@link #ALWAYS}) means the family is always tried. Conditions are derived from the marker's own expression by
 * {@link Marker} (an OR of markers has the OR of their conditions, an AND all clauses of both), so a family's test
 * and its condition are one declaration; {@code FamilyConditionTest} checks the implication on every fixture.
 */
final class Condition {
    /**
     * The first header field named {@code name} (lower-case), lower-cased as {@link BounceContext#headerLower} does,
     * contains {@code needle} (or ends with it, {@code suffix}).
     */
    record HeaderValue(String name, String needle, boolean suffix) {
        boolean test(String lowerValue) {
            return suffix ? lowerValue.endsWith(needle) : lowerValue.contains(needle);
        }
    }

    /**
     * One disjunction: it holds when a named header exists, a header's value holds a text, a text occurs in the
     * error region, or a direct test is true.
     */
    record Clause(Set<String> headers, Set<HeaderValue> values, Set<String> texts,
                  List<Predicate<BounceContext>> direct) {
        Clause {
            headers = Set.copyOf(headers);
            values = Set.copyOf(values);
            texts = Set.copyOf(texts);
            direct = List.copyOf(direct);
        }

        private int weight() {
            // direct tests are run whenever the indexed facts do not decide, and tend to hold more often (a
            // "mailer-daemon@" sender): a clause without them is the better one to keep when one must be chosen
            return direct.size() * 100 + headers.size() + values.size() + texts.size();
        }

        private Clause union(Clause o) {
            Set<String> h = new LinkedHashSet<>(headers);
            h.addAll(o.headers);
            Set<HeaderValue> v = new LinkedHashSet<>(values);
            v.addAll(o.values);
            Set<String> t = new LinkedHashSet<>(texts);
            t.addAll(o.texts);
            List<Predicate<BounceContext>> d = new ArrayList<>(direct);
            d.addAll(o.direct);
            return new Clause(h, v, t, d);
        }
    }

    /** No clause: nothing is known, the family is always tried. */
    static final Condition ALWAYS = new Condition(List.of());

    private final List<Clause> clauses;

    private Condition(List<Clause> clauses) {
        this.clauses = List.copyOf(clauses);
    }

    /** A header field with this name exists (any case). */
    static Condition header(String name) {
        return new Condition(List.of(new Clause(Set.of(lower(name)), Set.of(), Set.of(), List.of())));
    }

    /** The first header field of this name, lower-cased, contains the lower-case needle. */
    static Condition headerContains(String name, String needle) {
        return headerValue(new HeaderValue(lower(name), needle, false));
    }

    /** The first header field of this name, lower-cased, ends with the lower-case suffix. */
    static Condition headerEndsWith(String name, String suffix) {
        return headerValue(new HeaderValue(lower(name), suffix, true));
    }

    private static Condition headerValue(HeaderValue v) {
        return new Condition(List.of(new Clause(Set.of(), Set.of(v), Set.of(), List.of())));
    }

    private static String lower(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** The lower-case error region ({@link BounceText#lowerRegion()}) contains this lower-case text. */
    static Condition text(String lowerNeedle) {
        return new Condition(List.of(new Clause(Set.of(), Set.of(), Set.of(lowerNeedle), List.of())));
    }

    /** A cheap test run as it is (on From or Subject): the condition is the test itself. */
    static Condition direct(Predicate<BounceContext> test) {
        return new Condition(List.of(new Clause(Set.of(), Set.of(), Set.of(), List.of(test))));
    }

    List<Clause> clauses() {
        return clauses;
    }

    boolean isAlways() {
        return clauses.isEmpty();
    }

    /** Holds when both hold: every clause of both. */
    Condition and(Condition o) {
        if (isAlways()) {
            return o;
        }
        if (o.isAlways()) {
            return this;
        }
        List<Clause> all = new ArrayList<>(clauses);
        all.addAll(o.clauses);
        return new Condition(all);
    }

    /** Clauses kept by {@link #or} at most; beyond, each side is weakened to its best clause. */
    private static final int MAX_CLAUSES = 8;

    /**
     * Holds when either holds. (a1 and a2) or (b1 and b2) is (a1 or b1) and (a1 or b2) and (a2 or b1) and (a2 or b2),
     * kept as such up to {@link #MAX_CLAUSES} clauses; past that the best clause of each side, joined, which is still
     * necessary (each side implies each of its own clauses, so either side implies the join).
     */
    Condition or(Condition o) {
        if (isAlways() || o.isAlways()) {
            return ALWAYS;
        }
        if (clauses.size() * o.clauses.size() > MAX_CLAUSES) {
            return new Condition(List.of(best().union(o.best())));
        }
        List<Clause> all = new ArrayList<>();
        for (Clause a : clauses) {
            for (Clause b : o.clauses) {
                all.add(a.union(b));
            }
        }
        return new Condition(all);
    }

    private Clause best() {
        Clause best = clauses.get(0);
        for (Clause c : clauses) {
            if (c.weight() < best.weight()) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return clauses.isEmpty() ? "always" : clauses.toString();
    }
}
