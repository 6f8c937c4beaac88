package dev.mx20.rest.dsn.json;

import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Diagnostic;
import dev.mx20.dsn.model.Field;
import dev.mx20.dsn.model.OriginalMessage;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.taxonomy.Classification;

import java.util.List;

/** Maps dsn-core's model onto the JSON contract. Enums become their lower-case ids. */
public final class ReportJsonMapper {
    private ReportJsonMapper() {
    }

    /** The JSON form of one analysed message. */
    public static ReportJson toJson(BounceReport r) {
        OriginalMessage o = r.original();
        return new ReportJson(
                r.kind() == null ? null : r.kind().id(),
                r.format(), r.reportingMta(), r.dsnGateway(), r.receivedFromMta(), r.arrivalDate(),
                r.originalEnvelopeId(), fields(r.extensionFields()),
                new OriginalJson(o.messageId(), o.from(), o.to(), o.subject(), o.date()),
                r.recipients().stream().map(ReportJsonMapper::recipient).toList(),
                r.warnings());
    }

    private static RecipientJson recipient(RecipientReport r) {
        Diagnostic d = r.diagnostic();
        Classification c = r.classification();
        return new RecipientJson(
                r.finalRecipient(), r.originalRecipient(),
                r.action() == null ? null : r.action().id(),
                r.status(), r.remoteMta(),
                d == null ? null : new DiagnosticJson(d.type(), d.text(), d.replyCode()),
                r.lastAttemptDate(), r.willRetryUntil(), r.finalLogId(), fields(r.extensionFields()),
                c == null || c.category() == null ? null : c.category().id(),
                c == null ? null : c.cause(),
                c == null || c.permanence() == null ? null : c.permanence().id(),
                c != null && c.ipv6(),
                c == null ? null : c.explanation(),
                c == null ? null : c.remedy(),
                c == null ? "" : c.evidence());
    }

    private static List<FieldJson> fields(List<Field> fields) {
        return fields.stream().map(f -> new FieldJson(f.name(), f.value())).toList();
    }
}
