package dev.mx20.relay.validate;

import dev.mx20.relay.dns.CachingDnsLookup;
import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.validate.dnssec.DnssecValidator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Validates a relay configuration against DNS: the MX 20 pattern, addresses, reverse DNS, sender
 * authentication, name servers, MTA-STS/DANE and the relay's own settings. Stateless and thread-safe; each call
 * caches its own lookups.
 *
 * <pre>{@code
 * RelayValidator v = new RelayValidator(LiveDnsLookup.system(Duration.ofSeconds(3)), MtaStsPolicySource.none());
 * ValidationReport report = v.validate(RelayConfig.builder("example.com", "v6only.example.com", "relay.example.com").build());
 * }</pre>
 */
public final class RelayValidator {
    private static final List<RelayCheck> CHECKS = List.of(
            new MxPatternCheck(),
            new HostAddressCheck(),
            new ReverseDnsCheck(),
            new SpfCheck(),
            new AuthRecordsCheck(),
            new NameServerCheck(),
            new MtaStsCheck(),
            new DaneCheck(),
            new RelaySettingsCheck(),
            new ActiveProbeCheck(),
            new DaneProbeCheck());

    /** The default time budget of one validation. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);

    private final DnsLookup dns;
    private final MtaStsPolicySource mtaSts;
    private final Duration budget;
    private final ProbeOptions probes;
    private final DnssecValidator dnssec;

    /** A validator with the {@link #DEFAULT_BUDGET}. */
    public RelayValidator(DnsLookup dns, MtaStsPolicySource mtaSts) {
        this(dns, mtaSts, DEFAULT_BUDGET);
    }

    /**
     * @param budget the most one validation may spend waiting for DNS: once spent, unanswered lookups count as
     *               TIMEOUT at once (and are reported), so a silent resolver cannot stretch a validation to
     *               "number of lookups x lookup timeout"
     */
    public RelayValidator(DnsLookup dns, MtaStsPolicySource mtaSts, Duration budget) {
        this(dns, mtaSts, budget, ProbeOptions.disabled());
    }

    /** As above, with active SMTP probes ({@link ProbeOptions}; they connect to the MX hosts when enabled). */
    public RelayValidator(DnsLookup dns, MtaStsPolicySource mtaSts, Duration budget, ProbeOptions probes) {
        this(dns, mtaSts, budget, probes, null);
    }

    /**
     * As above, with the DNSSEC status of the DANE answers (TLSA and MX, RFC 7672 §2.2) learnt from
     * {@code dnssec}; {@code null} when it cannot be known (offline records carry no signatures), which the DANE
     * check then says in an info finding instead of guessing.
     */
    public RelayValidator(DnsLookup dns, MtaStsPolicySource mtaSts, Duration budget, ProbeOptions probes,
                          DnssecValidator dnssec) {
        this.dns = Objects.requireNonNull(dns);
        this.mtaSts = Objects.requireNonNull(mtaSts);
        this.budget = Objects.requireNonNull(budget);
        this.probes = Objects.requireNonNull(probes);
        this.dnssec = dnssec;
    }

    /** Runs every check; never throws for DNS trouble (that becomes findings). */
    public ValidationReport validate(RelayConfig config) {
        CachingDnsLookup cache = new CachingDnsLookup(dns);
        CheckContext ctx = new CheckContext(config, cache, mtaSts, budget).withProbes(probes).withDnssec(dnssec);
        for (RelayCheck check : CHECKS) {
            check.run(ctx);
        }
        return ctx.report(cache.queryCount());
    }
}
