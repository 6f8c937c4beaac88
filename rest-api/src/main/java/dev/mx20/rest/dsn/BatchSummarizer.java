package dev.mx20.rest.dsn;

import dev.mx20.rest.dsn.json.BatchSummaryJson;
import dev.mx20.rest.dsn.json.BatchSummaryJson.CountJson;
import dev.mx20.rest.dsn.json.RecipientJson;
import dev.mx20.rest.dsn.json.ReportJson;
import dev.mx20.rest.problem.Problem;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accumulates the reports of a mailbox into a {@link BatchSummaryJson}. Works on the JSON contract, so the
 * summary means exactly what the per-message answers say. Memory grows with the number of distinct names
 * (causes, MTAs, domains), not with the number of messages. Not thread-safe.
 */
public final class BatchSummarizer {
    private static final String UNKNOWN = "(unknown)";

    private long messages;
    private long analysed;
    private long errors;
    private long recipients;
    private long failed;
    private long ipv6;
    private final Map<String, Long> byKind = new HashMap<>();
    private final Map<String, Long> byCategory = new HashMap<>();
    private final Map<String, Long> byCause = new HashMap<>();
    private final Map<String, Long> byPermanence = new HashMap<>();
    private final Map<String, Long> errorsByType = new HashMap<>();
    private final Map<String, Long> remoteMtas = new HashMap<>();
    private final Map<String, Long> domains = new HashMap<>();

    /** Counts one analysed message. */
    public void add(ReportJson report) {
        messages++;
        analysed++;
        count(byKind, report.kind());
        for (RecipientJson r : report.recipients()) {
            recipients++;
            if (r.permanence() == null || "none".equals(r.permanence())) {
                continue;
            }
            failed++;
            if (r.ipv6()) {
                ipv6++;
            }
            count(byCategory, r.category());
            count(byCause, r.cause());
            count(byPermanence, r.permanence());
            count(remoteMtas, r.remoteMta() == null ? null : r.remoteMta().toLowerCase(Locale.ROOT));
            count(domains, domainOf(r.finalRecipient()));
        }
    }

    /** Counts one message that could not be analysed. */
    public void addError(Problem problem) {
        messages++;
        errors++;
        count(errorsByType, problem.type().equals("about:blank") ? problem.title() : problem.type());
    }

    /** The summary so far, with top lists of at most {@code top} entries. */
    public BatchSummaryJson summary(int top) {
        double share = failed == 0 ? 0.0 : Math.round(ipv6 * 10_000.0 / failed) / 10_000.0;
        return new BatchSummaryJson(messages, analysed, errors, recipients, failed, ipv6, share,
                sorted(byKind), sorted(byCategory), sorted(byCause), sorted(byPermanence), sorted(errorsByType),
                top(remoteMtas, top), top(domains, top));
    }

    static String domainOf(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return null;
        }
        String d = address.substring(at + 1).strip();
        if (d.endsWith(">")) {
            d = d.substring(0, d.length() - 1);
        }
        return d.toLowerCase(Locale.ROOT);
    }

    private static void count(Map<String, Long> map, String key) {
        map.merge(key == null || key.isBlank() ? UNKNOWN : key, 1L, Long::sum);
    }

    private static final Comparator<Map.Entry<String, Long>> BY_COUNT_THEN_NAME =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private static Map<String, Long> sorted(Map<String, Long> map) {
        Map<String, Long> out = new LinkedHashMap<>();
        map.entrySet().stream().sorted(BY_COUNT_THEN_NAME).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static List<CountJson> top(Map<String, Long> map, int n) {
        return map.entrySet().stream()
                .filter(e -> !UNKNOWN.equals(e.getKey()))
                .sorted(BY_COUNT_THEN_NAME)
                .limit(n)
                .map(e -> new CountJson(e.getKey(), e.getValue()))
                .toList();
    }
}
