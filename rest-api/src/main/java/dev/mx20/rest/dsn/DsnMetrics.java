package dev.mx20.rest.dsn;

import dev.mx20.rest.dsn.json.RecipientJson;
import dev.mx20.rest.dsn.json.ReportJson;
import dev.mx20.rest.problem.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Business counters on /q/metrics, next to the HTTP metrics Quarkus records by itself:
 * {@code mx20_dsn_messages_total{kind}}, {@code mx20_dsn_recipients_total{category,ipv6}} and
 * {@code mx20_dsn_rejected_total{type}} (messages refused with a problem).
 */
@ApplicationScoped
public class DsnMetrics {
    private final MeterRegistry registry;

    public DsnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void analysed(ReportJson report) {
        registry.counter("mx20.dsn.messages", "kind", String.valueOf(report.kind())).increment();
        for (RecipientJson r : report.recipients()) {
            registry.counter("mx20.dsn.recipients", "category", String.valueOf(r.category()),
                    "ipv6", Boolean.toString(r.ipv6())).increment();
        }
    }

    void rejected(Problem problem) {
        registry.counter("mx20.dsn.rejected", "type", problem.type().equals("about:blank")
                ? String.valueOf(problem.status()) : problem.type().substring(problem.type().lastIndexOf('/') + 1))
                .increment();
    }
}
