package dev.mx20.dsn;

import dev.mx20.dsn.classify.Classifier;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.parse.ReportParser;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point of dsn-core: reads one message (RFC 5322 bytes) and returns what it reports,
 * with every recipient classified.
 *
 * <pre>{@code
 * BounceAnalyzer analyzer = BounceAnalyzer.create();
 * BounceReport report = analyzer.analyze(Files.readAllBytes(Path.of("bounce.eml")));
 * for (RecipientReport r : report.recipients()) {
 *     System.out.println(r.finalRecipient() + " " + r.classification().cause());
 * }
 * }</pre>
 *
 * Instances are immutable and thread-safe; create one and share it.
 */
public final class BounceAnalyzer {
    private final ReportParser parser;
    private final Classifier classifier;

    private BounceAnalyzer(DsnLimits limits) {
        this.parser = new ReportParser(limits);
        this.classifier = new Classifier();
    }

    /** An analyzer with {@link DsnLimits#DEFAULT}. */
    public static BounceAnalyzer create() {
        return new BounceAnalyzer(DsnLimits.DEFAULT);
    }

    /** An analyzer with the given limits. */
    public static BounceAnalyzer create(DsnLimits limits) {
        return new BounceAnalyzer(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * Analyses one message.
     *
     * @param message the raw message, RFC 5322 (CRLF or bare LF line ends)
     * @return the report; malformed input yields a report with warnings
     * @throws DsnParseException only when the input cannot be read at all
     */
    public BounceReport analyze(byte[] message) throws DsnParseException {
        // Parsed in place: going through a stream would copy the whole message once more.
        return classify(parser.parse(Objects.requireNonNull(message, "message")));
    }

    /**
     * Analyses one message read from a stream (read up to {@link DsnLimits#maxMessageBytes()}; not closed).
     *
     * @throws DsnParseException when the stream fails or the input cannot be read at all
     */
    public BounceReport analyze(InputStream message) throws DsnParseException {
        return classify(parser.parse(Objects.requireNonNull(message, "message")));
    }

    private BounceReport classify(BounceReport parsed) {
        List<RecipientReport> classified = new ArrayList<>(parsed.recipients().size());
        for (RecipientReport r : parsed.recipients()) {
            classified.add(new RecipientReport(r.finalRecipient(), r.originalRecipient(), r.action(),
                    r.status(), r.remoteMta(), r.diagnostic(), r.lastAttemptDate(), r.willRetryUntil(),
                    r.finalLogId(), r.extensionFields(), classifier.classify(parsed, r)));
        }
        return new BounceReport(parsed.kind(), parsed.format(), parsed.reportingMta(), parsed.dsnGateway(),
                parsed.receivedFromMta(), parsed.arrivalDate(), parsed.originalEnvelopeId(),
                parsed.extensionFields(), parsed.original(), classified, parsed.warnings());
    }
}
