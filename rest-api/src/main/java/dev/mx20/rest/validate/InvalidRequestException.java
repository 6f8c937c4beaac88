package dev.mx20.rest.validate;

import dev.mx20.rest.problem.Problem;

import java.util.List;

/** A request body that breaks its rules, with one violation per bad field; answered 400 by {@link ValidateProblemMapper}. */
public final class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem.Violation> violations;
    private final int total;

    public InvalidRequestException(List<Problem.Violation> violations, int total) {
        super(total + " invalid field(s)", null, false, false);
        this.violations = List.copyOf(violations);
        this.total = total;
    }

    /** The violations reported (at most {@link RequestValidation#MAX_REPORTED}). */
    public List<Problem.Violation> violations() {
        return violations;
    }

    /** How many there were in all. */
    public int total() {
        return total;
    }
}
