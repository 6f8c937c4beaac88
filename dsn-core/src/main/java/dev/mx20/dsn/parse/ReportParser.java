package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.DsnParseException;
import dev.mx20.dsn.model.BounceReport;

import java.io.InputStream;

/**
 * Reads a message with mime4j into a {@link BounceReport} whose recipients are not yet classified
 * ({@code classification} is {@code null}). Internal to dsn-core: use {@link dev.mx20.dsn.BounceAnalyzer}.
 */
public final class ReportParser {
    private final DsnLimits limits;

    public ReportParser(DsnLimits limits) {
        this.limits = limits;
    }

    public BounceReport parse(InputStream in) throws DsnParseException {
        // Placeholder until the parser lands (issue 2); replaced, not extended.
        throw new DsnParseException("parser not built yet (limits " + limits + ")");
    }
}
