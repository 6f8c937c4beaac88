package dev.mx20.rest.problem;

/**
 * Thrown by resources to answer with a specific problem; {@link ProblemMappers} turns it into the response.
 * Carries no stack trace: it is a normal answer to bad input, not a bug.
 */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ProblemType type;
    private final int status;

    public ProblemException(ProblemType type, int status, String detail) {
        super(detail, null, false, false);
        this.type = type;
        this.status = status;
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return status;
    }
}
