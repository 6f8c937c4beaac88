package dev.mx20.rest.validate;

import dev.mx20.rest.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import org.hibernate.validator.engine.HibernateConstraintViolation;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Hibernate Validator on a request body and throws {@link InvalidRequestException} with full field paths. */
@ApplicationScoped
public class RequestValidation {
    /** A 10,000-entry list of garbage gives 10,000 violations: the answer lists this many and counts the rest. */
    public static final int MAX_REPORTED = 100;

    private final Validator validator;

    public RequestValidation(Validator validator) {
        this.validator = validator;
    }

    /** Validates, or throws with every violation (sorted by field, capped). */
    public <T> T require(T body) {
        if (body == null) {
            throw new InvalidRequestException(List.of(new Problem.Violation("body", "must not be empty")), 1);
        }
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            int unlisted = 0;
            for (ConstraintViolation<T> v : violations) {
                RecipientsInDomains.Unlisted u = unlisted(v);
                unlisted += u == null ? 0 : u.count();
            }
            List<Problem.Violation> list = violations.stream()
                    .filter(v -> unlisted(v) == null)
                    .map(v -> new Problem.Violation(field(v.getPropertyPath()), v.getMessage()))
                    .map(v -> Map.entry(SortKey.of(v.field()), v))
                    .sorted(Map.Entry.<SortKey, Problem.Violation>comparingByKey(NATURAL_ORDER)
                            .thenComparing(e -> e.getValue().message()))
                    .map(Map.Entry::getValue)
                    .toList();
            throw new InvalidRequestException(list.subList(0, Math.min(MAX_REPORTED, list.size())),
                    list.size() + unlisted);
        }
        return body;
    }

    /** The count a validator reported without listing (see {@link RecipientsInDomains}), or {@code null}. */
    private static RecipientsInDomains.Unlisted unlisted(ConstraintViolation<?> v) {
        HibernateConstraintViolation<?> hv = v.unwrap(HibernateConstraintViolation.class);
        return hv.getDynamicPayload(RecipientsInDomains.Unlisted.class);
    }

    /** "recipients[3]", "domains[0]", "mtaStsPolicies[example.com]", "relayIpv4". */
    static String field(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.BEAN) {
                continue;
            }
            if (node.isInIterable()) {
                if (node.getIndex() != null) {
                    sb.append('[').append(node.getIndex()).append(']');
                } else if (node.getKey() != null) {
                    sb.append('[').append(node.getKey()).append(']');
                }
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(name);
            }
        }
        return sb.length() == 0 ? "body" : sb.toString();
    }

    /** Matches the first list index of a field path, e.g. the {@code 10} of {@code recipients[10]}. */
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /**
     * A field path split once into its name without indexes and its first index, so that sorting 10,000
     * violations compares precomputed keys (recipients[2] before recipients[10]) instead of running regular
     * expressions in every comparison.
     */
    private record SortKey(String path, long index, String field) {
        static SortKey of(String field) {
            Matcher m = INDEX.matcher(field);
            long index = m.find() ? parseIndex(m.group(1)) : -1;
            return new SortKey(INDEX.matcher(field).replaceAll(""), index, field);
        }

        private static long parseIndex(String digits) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) { // more digits than a long: after every smaller index
                return Long.MAX_VALUE;
            }
        }
    }

    /** Sorts recipients[2] before recipients[10]; different paths alphabetically. */
    private static final Comparator<SortKey> NATURAL_ORDER = (a, b) -> a.path().equals(b.path())
            ? Long.compare(a.index(), b.index()) : a.field().compareTo(b.field());
}
