package dev.mx20.relay.dsn;

import dev.mx20.dsn.classify.Classifier;
import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Diagnostic;
import dev.mx20.dsn.model.OriginalMessage;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;
import dev.mx20.dsn.taxonomy.Classification;
import dev.mx20.relay.delivery.RecipientOutcome;

import java.util.List;
import java.util.Optional;

/**
 * Asks dsn-core's classifier what a failure means, so the human-readable part of a DSN can say what to do
 * (the same verdict a reader of this DSN gets from {@code BounceAnalyzer}).
 */
final class Remedy {
    private static final Classifier CLASSIFIER = new Classifier();

    private Remedy() {
    }

    /** The remedy sentence for a failed or delayed outcome; empty for deliveries or when the classifier fails. */
    static Optional<String> of(RecipientOutcome o, String reportingMta) {
        if (o.result() == RecipientOutcome.Result.DELIVERED) {
            return Optional.empty();
        }
        Action action = o.result() == RecipientOutcome.Result.FAILED ? Action.FAILED : Action.DELAYED;
        Diagnostic diagnostic = new Diagnostic(o.replyCode() > 0 ? "smtp" : null,
                o.replyCode() > 0 ? o.replyCode() + " " + o.diagnostic() : o.diagnostic(),
                o.replyCode() > 0 ? o.replyCode() : null);
        RecipientReport r = new RecipientReport(o.recipient(), null, action, o.status(), o.remoteMta(), diagnostic,
                null, null, null, List.of(), null);
        BounceReport report = new BounceReport(action == Action.FAILED ? ReportKind.DSN : ReportKind.DELAY,
                "rfc3464", reportingMta, null, null, null, null, List.of(), OriginalMessage.UNKNOWN, List.of(r),
                List.of());
        try {
            Classification c = CLASSIFIER.classify(report, r);
            return c == null || c.remedy() == null || c.remedy().isBlank() ? Optional.empty()
                    : Optional.of(c.remedy());
        } catch (RuntimeException e) {
            return Optional.empty(); // advice is optional; a classifier bug must not stop the DSN
        }
    }
}
