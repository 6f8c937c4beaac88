package dev.mx20.rest.validate;

import dev.mx20.rest.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

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
            List<Problem.Violation> list = violations.stream()
                    .map(v -> new Problem.Violation(field(v.getPropertyPath()), v.getMessage()))
                    .sorted(Comparator.comparing(Problem.Violation::field, RequestValidation::naturalOrder)
                            .thenComparing(Problem.Violation::message))
                    .toList();
            throw new InvalidRequestException(list.subList(0, Math.min(MAX_REPORTED, list.size())), list.size());
        }
        return body;
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

    /** Sorts recipients[2] before recipients[10]. */
    private static int naturalOrder(String a, String b) {
        String pa = a.replaceAll("\\[(\\d+)]", "");
        String pb = b.replaceAll("\\[(\\d+)]", "");
        if (pa.equals(pb)) {
            return Long.compare(index(a), index(b));
        }
        return a.compareTo(b);
    }

    private static long index(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(s);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
