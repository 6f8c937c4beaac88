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
@Schema(name = "RelayValidationReport", description = "The outcome of every check of docs/checks.md against the relay configuration.")
public record ValidationReportJson(
        @Schema(description = "No finding of severity error", examples = "false") boolean valid,
        @Schema(description = "live (the service's resolver) or offline (the dnsRecords of the request)", enumeration = {"live", "offline"}) String mode,
        @Schema(description = "Findings of severity error", examples = "1") int errors,
        @Schema(description = "Findings of severity warning", examples = "2") int warnings,
        @Schema(description = "Findings of severity info", examples = "3") int infos,
        @Schema(description = "Every finding, errors first") List<FindingJson> findings,
        @Schema(description = "Codes of the checks that ran and found nothing", examples = "[\"MX_RELAY_PREFERENCE_NOT_HIGHER\"]") List<String> passed,
        @Schema(description = "Distinct DNS questions asked (0 offline)", examples = "13") int dnsQueries) {

    /** One finding; {@code code} values are listed in docs/checks.md. */
    @Schema(name = "RelayFinding", description = "One thing a check found, with the evidence and what to do.")
    public record FindingJson(
            @Schema(description = "Stable check code (docs/checks.md)", examples = "MX_RELAY_PREFERENCE_NOT_HIGHER") String code,
            @Schema(description = "How bad it is", enumeration = {"error", "warning", "info"}) String severity,
            @Schema(description = "What it is about: a host, a domain, an address, a field", examples = "relay.example.com") String subject,
            @Schema(description = "What was found, in plain language") String message,
            @Schema(description = "What to do about it (often the record to publish); empty when nothing is to be done") String remedy,
            @Schema(description = "The DNS answers or probe replies it rests on", examples = "[\"example.com MX 10 relay.example.com\"]") List<String> evidence) {
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
