package dev.mx20.rest.dsn;

import dev.mx20.rest.dsn.json.RecipientJson;
import dev.mx20.rest.dsn.json.ReportJson;
import dev.mx20.rest.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Business counters on /q/metrics, next to the HTTP metrics Quarkus records by itself:
 * {@code mx20_dsn_messages_total{kind}}, {@code mx20_dsn_recipients_total{category,ipv6}} and
 * {@code mx20_dsn_rejected_total{type}} (messages refused with a problem).
 *
 * <p>The counters are looked up once per tag value and kept: {@code MeterRegistry.counter(...)} builds tags and
 * a meter id and searches the registry on every call, which cost a few per cent of a batch's CPU time. The tag
 * values come from closed sets (kinds, categories, problem types), so the caches stay small.
 */
@ApplicationScoped
public class DsnMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();
    /** Recipient counters by category, one map per value of the ipv6 tag (no key to build per recipient). */
    private final Map<String, Counter> recipients = new ConcurrentHashMap<>();
    private final Map<String, Counter> ipv6Recipients = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    public DsnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void analysed(ReportJson report) {
        messages.computeIfAbsent(String.valueOf(report.kind()),
                kind -> registry.counter("mx20.dsn.messages", "kind", kind)).increment();
        for (RecipientJson r : report.recipients()) {
            String ipv6 = Boolean.toString(r.ipv6());
            (r.ipv6() ? ipv6Recipients : recipients).computeIfAbsent(String.valueOf(r.category()),
                    category -> registry.counter("mx20.dsn.recipients", "category", category, "ipv6", ipv6)).increment();
        }
    }

    void rejected(Problem problem) {
        String type = problem.type().equals("about:blank")
                ? String.valueOf(problem.status()) : problem.type().substring(problem.type().lastIndexOf('/') + 1);
        rejections.computeIfAbsent(type, t -> registry.counter("mx20.dsn.rejected", "type", t)).increment();
    }
}
