package dev.mx20.rest.validate;

import dev.mx20.relay.validate.Finding;
import dev.mx20.relay.validate.ValidationReport;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Locale;

/**
 * The answer of {@code POST /relay/validate}.
 *
 * @param valid      no finding of severity error
 * @param mode       "live" (the service's resolver) or "offline" (the records in the request)
 * @param errors     count of error findings
 * @param warnings   count of warning findings
 * @param infos      count of info findings
 * @param findings   every finding
 * @param passed     codes of checks that ran and found nothing
 * @param dnsQueries distinct DNS questions asked
 */
@Schema(name = "RelayValidationReport")
public record ValidationReportJson(boolean valid, String mode, int errors, int warnings, int infos,
                                   List<FindingJson> findings, List<String> passed, int dnsQueries) {

    /** One finding; {@code code} values are listed in docs/checks.md. */
    @Schema(name = "RelayFinding")
    public record FindingJson(
            @Schema(examples = "MX_RELAY_PREFERENCE_NOT_HIGHER") String code,
            @Schema(enumeration = {"error", "warning", "info"}) String severity,
            String subject, String message, String remedy, List<String> evidence) {
    }

    static ValidationReportJson of(ValidationReport r, String mode) {
        List<FindingJson> findings = r.findings().stream().map(ValidationReportJson::finding).toList();
        return new ValidationReportJson(r.valid(), mode, r.errors(), r.warnings(), r.infos(), findings, r.passed(),
                r.dnsQueries());
    }

    private static FindingJson finding(Finding f) {
        return new FindingJson(f.code(), f.severity().name().toLowerCase(Locale.ROOT), f.subject(), f.message(),
                f.remedy(), f.evidence());
    }
}
