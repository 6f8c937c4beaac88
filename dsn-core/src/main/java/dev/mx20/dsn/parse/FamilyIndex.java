package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Field;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The families' {@link Condition}s compiled for one ordered family list: the header names and error-region texts
 * they name get a bit each, a message's bits are computed once ({@link #features}), and a family is tried only when
 * its condition holds ({@link #mayMatch}). The families before Postfix, Exim and Sendmail (some fifty providers,
 * filters and MTAs) each asked for their own headers and scanned the error region for their own sentences on every
 * bounce; here the header field names are read once and the sentences are found by a few scans ({@link TextScan}).
 *
 * <p>Bits are over-approximations: a bit set for nothing only costs a family's own test. More than 64 names or texts
 * share bits (bit = index mod 64: set when any of its names is present), which keeps that property.
 */
final class FamilyIndex {
    /** A message's facts: header bits and text bits. */
    record Features(long headers, long texts) {
    }

    private record CompiledClause(long headers, long texts, Predicate<BounceContext>[] direct) {
        boolean holds(Features f, BounceContext ctx) {
            if ((f.headers & headers) != 0 || (f.texts & texts) != 0) {
                return true;
            }
            for (Predicate<BounceContext> d : direct) {
                if (d.test(ctx)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final CompiledClause[] ALWAYS = new CompiledClause[0];

    private final HeaderNames headerNames;
    private final TextScan textScan;
    private final CompiledClause[][] families;

    FamilyIndex(List<Condition> conditions) {
        List<List<Condition.Clause>> kept = new ArrayList<>();
        for (Condition c : conditions) {
            kept.add(cheapClauses(c));
        }
        Map<Object, Integer> headerBits = new LinkedHashMap<>(); // names (String) and values (HeaderValue)
        Map<String, Integer> textBits = new LinkedHashMap<>();
        for (List<Condition.Clause> clauses : kept) {
            for (Condition.Clause clause : clauses) {
                clause.headers().forEach(h -> headerBits.putIfAbsent(h, headerBits.size() % 64));
                clause.values().forEach(v -> headerBits.putIfAbsent(v, headerBits.size() % 64));
                clause.texts().forEach(t -> textBits.putIfAbsent(t, textBits.size() % 64));
            }
        }
        this.headerNames = new HeaderNames(headerBits);
        this.textScan = new TextScan(textBits);
        this.families = new CompiledClause[conditions.size()][];
        for (int i = 0; i < conditions.size(); i++) {
            families[i] = compile(kept.get(i), headerBits, textBits);
        }
    }

    /**
     * The clauses worth checking. Any subset of a condition's clauses is still a necessary condition (it asks less),
     * so a clause that needs a text no {@link TextScan#ANCHORS anchor} finds (one more scan of the region for every
     * message) is left out when the family has another clause; the family's own test still decides.
     */
    private static List<Condition.Clause> cheapClauses(Condition c) {
        List<Condition.Clause> cheap = new ArrayList<>();
        for (Condition.Clause clause : c.clauses()) {
            if (clause.texts().stream().allMatch(TextScan::anchored)) {
                cheap.add(clause);
            }
        }
        return cheap.isEmpty() ? c.clauses() : cheap;
    }

    @SuppressWarnings("unchecked")
    private static CompiledClause[] compile(List<Condition.Clause> clauses, Map<Object, Integer> headerBits,
                                            Map<String, Integer> textBits) {
        if (clauses.isEmpty()) {
            return ALWAYS;
        }
        List<CompiledClause> out = new ArrayList<>();
        for (Condition.Clause clause : clauses) {
            long h = 0;
            long t = 0;
            for (String name : clause.headers()) {
                h |= 1L << headerBits.get(name);
            }
            for (Condition.HeaderValue v : clause.values()) {
                h |= 1L << headerBits.get(v);
            }
            for (String text : clause.texts()) {
                t |= 1L << textBits.get(text);
            }
            CompiledClause compiled = new CompiledClause(h, t, clause.direct().toArray(new Predicate[0]));
            // clauses decided by bits alone first: they cost nothing to reject
            if (compiled.direct.length == 0) {
                out.add(0, compiled);
            } else {
                out.add(compiled);
            }
        }
        return out.toArray(new CompiledClause[0]);
    }

    /** The message's header and text bits, computed once. */
    Features features(BounceContext ctx) {
        return new Features(headerNames.bits(ctx.mail.headers()), textScan.bits(ctx.text.lowerRegion()));
    }

    /** Whether family {@code index}'s condition holds; {@code false} means its marker cannot hold either. */
    boolean mayMatch(int index, Features f, BounceContext ctx) {
        for (CompiledClause c : families[index]) {
            if (!c.holds(f, ctx)) {
                return false;
            }
        }
        return true;
    }

    /** The bit of a header name (lower-case), for tests. */
    long headerBit(String lowerName) {
        return headerNames.bitOf(lowerName);
    }

    /** The bit of a header value test, for tests. */
    long valueBit(Condition.HeaderValue v) {
        return headerNames.valueBitOf(v);
    }

    /** The bit of a text, for tests. */
    long textBit(String needle) {
        return textScan.bitOf(needle);
    }

    /** Every text the conditions name, for tests. */
    List<String> texts() {
        return textScan.needles();
    }

    /** Every header name the conditions name (lower-case), for tests. */
    List<String> headerNames() {
        return headerNames.names();
    }

    /** Every header value test the conditions name, for tests. */
    List<Condition.HeaderValue> headerValues() {
        return headerNames.valueTests();
    }

    /**
     * The header names asked for, found in one pass over a message's field names: a field's length and its first
     * and last characters folded as {@link String#equalsIgnoreCase} folds them pick the candidates, which are then
     * compared with {@code equalsIgnoreCase}, so a name matches here exactly when {@link BounceContext#hasHeader}'s
     * lookup would find it (non-ASCII look-alikes such as the Kelvin sign or U+0131 included). The value tests of a
     * name are run on its first field, lower-cased as {@link BounceContext#headerLower} does: the same answer as the
     * family's own test, without the context's header index (which nothing else may need) or a lookup per family.
     */
    static final class HeaderNames {
        private final String[] names;
        private final long[] presence;
        private final Condition.HeaderValue[][] values;
        private final long[][] valueBits;
        private final int[] slots; // open addressing: 1 + index into names, 0 = empty
        private final int mask;

        HeaderNames(Map<Object, Integer> facts) {
            Map<String, Integer> index = new LinkedHashMap<>();
            for (Object fact : facts.keySet()) {
                String name = fact instanceof Condition.HeaderValue v ? v.name() : (String) fact;
                index.putIfAbsent(name, index.size());
            }
            this.names = index.keySet().toArray(new String[0]);
            this.presence = new long[names.length];
            this.values = new Condition.HeaderValue[names.length][];
            this.valueBits = new long[names.length][];
            List<List<Condition.HeaderValue>> perName = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                perName.add(new ArrayList<>());
            }
            for (Map.Entry<Object, Integer> e : facts.entrySet()) {
                if (e.getKey() instanceof Condition.HeaderValue v) {
                    perName.get(index.get(v.name())).add(v);
                } else {
                    presence[index.get((String) e.getKey())] |= 1L << e.getValue();
                }
            }
            for (int i = 0; i < names.length; i++) {
                values[i] = perName.get(i).toArray(new Condition.HeaderValue[0]);
                valueBits[i] = new long[values[i].length];
                for (int j = 0; j < values[i].length; j++) {
                    valueBits[i][j] = 1L << facts.get(values[i][j]);
                }
            }
            int size = Integer.highestOneBit(Math.max(8, names.length * 4) - 1) << 1;
            this.slots = new int[size];
            this.mask = size - 1;
            for (int i = 0; i < names.length; i++) {
                int s = key(names[i]) & mask;
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = i + 1;
            }
        }

        long bits(List<Field> fields) {
            long found = 0;
            long[] seen = new long[(names.length + 63) >>> 6];
            LazyHeader lazy = fields instanceof LazyHeader l ? l : null;
            for (int f = 0; f < fields.size(); f++) {
                String name = lazy != null ? lazy.name(f) : fields.get(f).name();
                int k = key(name);
                for (int s = k & mask; slots[s] != 0; s = (s + 1) & mask) {
                    int i = slots[s] - 1;
                    if ((seen[i >>> 6] & (1L << i)) == 0 && key(names[i]) == k && names[i].equalsIgnoreCase(name)) {
                        seen[i >>> 6] |= 1L << i; // only the first field of a name counts, as in hasHeader
                        found |= presence[i];
                        if (values[i].length > 0) {
                            found |= valueBitsOf(i, fields.get(f).value()); // the value built only when tested
                        }
                    }
                }
            }
            return found;
        }

        private long valueBitsOf(int i, String value) {
            if (value == null) {
                return 0;
            }
            String lower = value.toLowerCase(java.util.Locale.ROOT);
            long found = 0;
            for (int j = 0; j < values[i].length; j++) {
                if (values[i][j].test(lower)) {
                    found |= valueBits[i][j];
                }
            }
            return found;
        }

        long bitOf(String lowerName) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(lowerName)) {
                    return presence[i];
                }
            }
            throw new IllegalArgumentException(lowerName);
        }

        List<String> names() {
            return List.of(names);
        }

        long valueBitOf(Condition.HeaderValue v) {
            for (int i = 0; i < names.length; i++) {
                for (int j = 0; j < values[i].length; j++) {
                    if (values[i][j].equals(v)) {
                        return valueBits[i][j];
                    }
                }
            }
            throw new IllegalArgumentException(v.toString());
        }

        List<Condition.HeaderValue> valueTests() {
            List<Condition.HeaderValue> all = new ArrayList<>();
            for (Condition.HeaderValue[] v : values) {
                all.addAll(List.of(v));
            }
            return all;
        }

        /** Equal for names that are {@code equalsIgnoreCase}: length, first and last character folded. */
        private static int key(String s) {
            int n = s.length();
            if (n == 0) {
                return 0;
            }
            int h = (n * 31 + fold(s.charAt(0))) * 31 + fold(s.charAt(n - 1));
            return h ^ (h >>> 7);
        }

        /**
         * Two chars {@code equalsIgnoreCase} matches (equal, equal upper case, or equal lower case of the upper
         * case) have the same fold.
         */
        private static int fold(char c) {
            if (c < 128) {
                return c >= 'A' && c <= 'Z' ? c + 32 : c;
            }
            return Character.toLowerCase(Character.toUpperCase(c));
        }
    }
}
