package dev.mx20.rest.validate;

import dev.mx20.relay.validate.RoutingMode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /relay/validate}: a relay configuration, and optionally the DNS records to validate it
 * against (offline mode). Syntax is checked here; meaning is checked by relay-core's {@code RelayValidator}.
 */
@RecipientsInDomains
@Schema(name = "RelayValidationRequest", description = "A relay configuration (the MX 20 pattern) to validate.")
public record RelayValidationRequest(
        @Schema(description = "Mail domains relayed", examples = "[\"example.com\"]")
        @NotEmpty @Size(max = 20) List<@NotNull @DomainName String> domains,
        @Schema(description = "The primary (IPv6-only) MX host", examples = "v6only.example.com")
        @NotNull @DomainName String primaryHost,
        @Schema(description = "The primary's MX preference", examples = "10")
        @NotNull @Min(0) @Max(65535) Integer primaryPreference,
        @Schema(description = "The relay's MX host name", examples = "relay.example.com")
        @NotNull @DomainName String relayHost,
        @Schema(description = "The relay's MX preference (greater than the primary's)", examples = "20")
        @NotNull @Min(0) @Max(65535) Integer relayPreference,
        @Schema(description = "The relay's IPv4 address (default: from DNS)", examples = "192.0.2.1")
        @IpLiteral(family = IpLiteral.Family.IPV4) String relayIpv4,
        @Schema(description = "The relay's IPv6 address (default: from DNS)", examples = "2001:db8::20")
        @IpLiteral(family = IpLiteral.Family.IPV6) String relayIpv6,
        @Schema(description = "The name in the relay's EHLO and banner (default: relayHost)")
        @DomainName String heloName,
        @Schema(description = "Valid recipients the relay accepts (each in one of the domains)")
        @Size(max = RelayValidationRequest.MAX_RECIPIENTS) List<String> recipients,
        @Schema(description = "Size of a recipient list kept elsewhere, instead of the list")
        @Min(0) Integer recipientCount,
        @Schema(description = "MX_LOOKUP (default) or STATIC_PRIMARY")
        RoutingMode routing,
        @Schema(description = "Next hop for STATIC_PRIMARY: a host name or an address")
        @Size(max = 253) @Pattern(regexp = "[A-Za-z0-9.:-]+", message = "must be a host name or an address literal") String forwardTarget,
        @Schema(description = "Hours the relay retries before bouncing", examples = "120")
        @Min(1) @Max(8760) Integer queueLifetimeHours,
        @Schema(description = "The relay's message size limit, bytes")
        @Positive Long relaySizeLimit,
        @Schema(description = "The primary's message size limit, bytes")
        @Positive Long primarySizeLimit,
        @Schema(description = "True when the primary sends its outbound mail through the relay")
        Boolean smarthost,
        @Schema(description = "What the primary is meant to be: true = IPv6-only by design, the relay is the IPv4 "
                + "path (the MX 20 pattern); false = dual-stack, the relay is a plain backup MX. When DNS "
                + "contradicts it, PRIMARY_HAS_IPV4 or PRIMARY_IPV6_ONLY is a warning. Unset: those are notes only.")
        Boolean primaryIpv6Only,
        @Schema(description = "Client networks allowed to relay anywhere (CIDR)", examples = "[\"2001:db8::1/128\"]")
        @Size(max = 100) List<@NotNull @Cidr String> relayNetworks,
        @Schema(description = "DKIM selectors to look for")
        @Size(max = 20) List<@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,63}(\\.[A-Za-z0-9_-]{1,63})*", message = "must be a DKIM selector (DNS labels)") String> dkimSelectors,
        @Schema(description = "Offline mode: the DNS records to validate against, one zone-file line each "
                + "(names relative to the first domain unless they end in a dot; TTL optional). Without it, "
                + "the service's resolver is asked.",
                examples = "[\"@ IN MX 10 v6only\", \"@ IN MX 20 relay\", \"v6only IN AAAA 2001:db8::1\"]")
        @Size(max = 5000) List<@NotNull @Size(max = 2000) String> dnsRecords,
        @Schema(description = "MTA-STS policy text per domain (RFC 8461 §3.2), used instead of fetching it")
        @Size(max = 20) Map<@NotNull @DomainName String, @NotNull @Size(max = 65536) String> mtaStsPolicies,
        @Schema(description = "Live mode only: fetch MTA-STS policies over HTTPS (bounded; off by default)")
        Boolean fetchMtaSts,
        @Schema(description = "Live mode only: connect to port 25 of every MX address and ask the relay about "
                + "three recipients (no message is sent). Off by default; the service must allow it "
                + "(mx20.validate.probes.allowed).")
        Boolean activeProbes,
        @Schema(description = "Live mode only: DNSSEC trust anchors (DS or DNSKEY records in zone-file syntax, absolute "
                + "names) to validate the DANE answers from, instead of the service's (the IANA root). For a signed "
                + "zone whose DS is not yet published at its parent. Needs mx20.validate.dnssec.mode=validate.",
                examples = "[\"example.com. IN DS 12345 13 2 0123...\"]")
        @Size(max = 10) List<@NotNull @Size(min = 1, max = 2000) @Pattern(regexp = "(?s).*\\b(DS|DNSKEY)\\b.*",
                message = "must be a DS or DNSKEY record") String> dnssecTrustAnchors) {

    /** Larger recipient lists belong in recipientCount. */
    public static final int MAX_RECIPIENTS = 100_000;
}
