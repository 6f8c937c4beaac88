package dev.mx20.relay.validate;

import java.util.List;

/**
 * The outcome of validating a relay configuration.
 *
 * @param valid      true when there is no {@link Severity#ERROR} finding
 * @param errors     number of error findings
 * @param warnings   number of warning findings
 * @param infos      number of info findings
 * @param findings   every finding, in check order
 * @param passed     codes of the checks that ran and found nothing
 * @param dnsQueries distinct DNS questions asked
 */
public record ValidationReport(boolean valid, int errors, int warnings, int infos, List<Finding> findings,
                               List<String> passed, int dnsQueries) {
    public ValidationReport {
        findings = List.copyOf(findings);
        passed = List.copyOf(passed);
    }

    /** Builds a report, counting severities. */
    public static ValidationReport of(List<Finding> findings, List<String> passed, int dnsQueries) {
        int e = 0;
        int w = 0;
        int i = 0;
        for (Finding f : findings) {
            switch (f.severity()) {
                case ERROR -> e++;
                case WARNING -> w++;
                case INFO -> i++;
            }
        }
        return new ValidationReport(e == 0, e, w, i, findings, passed, dnsQueries);
    }

    /** The findings with the given code. */
    public List<Finding> withCode(CheckCode code) {
        return findings.stream().filter(f -> f.code().equals(code.name())).toList();
    }

    /** True when at least one finding has the given code. */
    public boolean has(CheckCode code) {
        return findings.stream().anyMatch(f -> f.code().equals(code.name()));
    }
}
