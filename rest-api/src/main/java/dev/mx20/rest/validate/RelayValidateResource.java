package dev.mx20.rest.validate;

import dev.mx20.relay.validate.HttpsMtaStsFetcher;
import dev.mx20.relay.validate.MtaStsPolicySource;
import dev.mx20.relay.validate.ProbeOptions;
import dev.mx20.relay.validate.RelayConfig;
import dev.mx20.relay.validate.RelayValidator;
import dev.mx20.relay.validate.RoutingMode;
import dev.mx20.relay.validate.dnssec.DnssecValidator;
import dev.mx20.relay.validate.dnssec.TrustAnchors;
import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.InvalidRecordException;
import dev.mx20.relay.dns.OfflineDnsLookup;
import dev.mx20.rest.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /relay/validate}: checks a relay configuration against DNS, live or offline. Blocking work (the
 * checks wait for DNS answers), so it runs on a worker thread; the validation's time budget bounds it.
 */
@Path("/relay/validate")
@Tag(name = "Relay validation", description = "Validate an MX 20 relay setup and say exactly what to fix.")
public class RelayValidateResource {
    private final ValidateServices services;
    private final RequestValidation validation;

    public RelayValidateResource(ValidateServices services, RequestValidation validation) {
        this.services = services;
        this.validation = validation;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Validate a relay configuration",
            description = "Runs every check of docs/checks.md. With dnsRecords the records given are used "
                    + "(offline mode, nothing is looked up); without, the service's resolver is asked. A 200 "
                    + "answer with valid=false is a configuration with errors; a 400 is a request with bad fields.")
    @APIResponse(responseCode = "200", description = "The checks ran",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ValidationReportJson.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or invalid fields (each one named)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ValidationReportJson validate(RelayValidationRequest request) {
        RelayValidationRequest r = validation.require(request);
        boolean offline = r.dnsRecords() != null;
        DnsLookup dns;
        if (offline) {
            try {
                dns = OfflineDnsLookup.parse(r.domains().get(0), r.dnsRecords());
            } catch (InvalidRecordException e) {
                String field = e.index() < 0 ? "domains[0]" : "dnsRecords[" + e.index() + "]";
                throw new InvalidRequestException(List.of(new Problem.Violation(field,
                        "is not a DNS record in zone-file syntax: " + e.getMessage())), 1);
            }
        } else {
            dns = services.live();
        }
        ProbeOptions probes = ProbeOptions.disabled();
        if (Boolean.TRUE.equals(r.activeProbes())) {
            if (offline) {
                // supplied records are unverified: probing them would connect wherever the caller says
                throw new InvalidRequestException(List.of(new Problem.Violation("activeProbes",
                        "is only available in live mode (without dnsRecords)")), 1);
            }
            if (!services.probesAllowed()) {
                throw new InvalidRequestException(List.of(new Problem.Violation("activeProbes",
                        "is disabled on this service (mx20.validate.probes.allowed=false)")), 1);
            }
            probes = services.probes();
        }
        if (offline && r.dnssecTrustAnchors() != null && !r.dnssecTrustAnchors().isEmpty()) {
            // supplied records carry no signatures: there is nothing to validate from an anchor
            throw new InvalidRequestException(List.of(new Problem.Violation("dnssecTrustAnchors",
                    "is only available in live mode (without dnsRecords)")), 1);
        }
        RelayValidator validator = new RelayValidator(dns, policies(r, offline), services.budget(), probes,
                offline ? null : dnssec(r));
        return ValidationReportJson.of(validator.validate(config(r)), offline ? "offline" : "live");
    }

    /** The service's DNSSEC validator, or one from the request's trust anchors (live mode, mode validate). */
    private DnssecValidator dnssec(RelayValidationRequest r) {
        if (r.dnssecTrustAnchors() == null || r.dnssecTrustAnchors().isEmpty()) {
            return services.dnssec();
        }
        if (!"validate".equals(services.dnssecMode())) {
            throw new InvalidRequestException(List.of(new Problem.Violation("dnssecTrustAnchors",
                    "needs local DNSSEC validation (mx20.validate.dnssec.mode=validate; this service: "
                            + services.dnssecMode() + ")")), 1);
        }
        List<Problem.Violation> bad = new ArrayList<>();
        for (int i = 0; i < r.dnssecTrustAnchors().size(); i++) {
            try {
                TrustAnchors.parse(r.dnssecTrustAnchors().get(i));
            } catch (IllegalArgumentException e) {
                bad.add(new Problem.Violation("dnssecTrustAnchors[" + i + "]", e.getMessage()));
            }
        }
        if (!bad.isEmpty()) {
            throw new InvalidRequestException(bad, bad.size());
        }
        return services.dnssecWith(TrustAnchors.parse(String.join("\n", r.dnssecTrustAnchors())));
    }

    private MtaStsPolicySource policies(RelayValidationRequest r, boolean offline) {
        if (r.mtaStsPolicies() != null && !r.mtaStsPolicies().isEmpty()) {
            Map<String, String> byDomain = new LinkedHashMap<>();
            r.mtaStsPolicies().forEach((k, v) -> byDomain.put(DnsNames.normalize(k), v));
            return MtaStsPolicySource.supplied(byDomain);
        }
        if (!offline && Boolean.TRUE.equals(r.fetchMtaSts())) {
            return new HttpsMtaStsFetcher(services.mtaStsTimeout());
        }
        return MtaStsPolicySource.none();
    }

    static RelayConfig config(RelayValidationRequest r) {
        return RelayConfig.builder(r.domains().get(0), r.primaryHost(), r.relayHost())
                .domains(r.domains().stream().map(DnsNames::normalize).distinct().toList())
                .preferences(r.primaryPreference(), r.relayPreference())
                .relayIpv4(r.relayIpv4())
                .relayIpv6(r.relayIpv6())
                .heloName(r.heloName())
                .recipients(ValidateServices.nonNull(r.recipients()))
                .recipientCount(r.recipientCount())
                .routing(r.routing() == null ? RoutingMode.MX_LOOKUP : r.routing())
                .forwardTarget(r.forwardTarget())
                .queueLifetime(r.queueLifetimeHours() == null ? null : Duration.ofHours(r.queueLifetimeHours()))
                .sizeLimits(r.relaySizeLimit(), r.primarySizeLimit())
                .smarthost(Boolean.TRUE.equals(r.smarthost()))
                .primaryIpv6Only(r.primaryIpv6Only())
                .relayNetworks(ValidateServices.nonNull(r.relayNetworks()))
                .dkimSelectors(ValidateServices.nonNull(r.dkimSelectors()))
                .build();
    }
}
