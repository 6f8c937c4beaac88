package dev.mx20.rest.validate;

import dev.mx20.relay.validate.ProbeOptions;
import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.dns.IpAddresses;
import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.validate.dnssec.AdBitDnssecValidator;
import dev.mx20.relay.validate.dnssec.DnssecValidator;
import dev.mx20.relay.validate.dnssec.LocalDnssecValidator;
import dev.mx20.relay.validate.dnssec.TrustAnchors;
import dev.mx20.relay.validate.readiness.MailIpv6Checker;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shared DNS resolver and readiness checker, built once from configuration (docs/configuration.md,
 * {@code mx20.validate.*} and {@code mx20.readiness.*}).
 */
@ApplicationScoped
public class ValidateServices {
    private final DnsLookup live;
    private final MailIpv6Checker readiness;
    private final Duration budget;
    private final Duration mtaStsTimeout;
    private final int maxBatchDomains;
    private final Duration batchDeadline;
    private final boolean probesAllowed;
    private final ProbeOptions probes;
    private final String dnssecMode;
    private final List<InetSocketAddress> serverAddresses;
    private final Duration dnssecTimeout;
    private final DnssecValidator dnssec;

    public ValidateServices(
            @ConfigProperty(name = "mx20.validate.dns.servers") Optional<List<String>> servers,
            @ConfigProperty(name = "mx20.validate.dns.timeout", defaultValue = "3s") Duration timeout,
            @ConfigProperty(name = "mx20.validate.budget", defaultValue = "30s") Duration budget,
            @ConfigProperty(name = "mx20.validate.mta-sts.timeout", defaultValue = "5s") Duration mtaStsTimeout,
            @ConfigProperty(name = "mx20.readiness.max-concurrent-lookups", defaultValue = "64") int concurrency,
            @ConfigProperty(name = "mx20.readiness.domain-deadline", defaultValue = "10s") Duration domainDeadline,
            @ConfigProperty(name = "mx20.readiness.batch.max-domains", defaultValue = "10000") int maxBatchDomains,
            @ConfigProperty(name = "mx20.readiness.batch.deadline", defaultValue = "120s") Duration batchDeadline,
            @ConfigProperty(name = "mx20.validate.probes.allowed", defaultValue = "false") boolean probesAllowed,
            @ConfigProperty(name = "mx20.validate.probes.port", defaultValue = "25") int probePort,
            @ConfigProperty(name = "mx20.validate.probes.timeout", defaultValue = "10s") Duration probeTimeout,
            @ConfigProperty(name = "mx20.validate.probes.helo-name", defaultValue = "localhost") String probeHelo,
            @ConfigProperty(name = "mx20.validate.dnssec.mode", defaultValue = "validate") String dnssecMode,
            @ConfigProperty(name = "mx20.validate.dnssec.trust-anchor-file") Optional<String> trustAnchorFile,
            @ConfigProperty(name = "mx20.validate.dnssec.timeout", defaultValue = "10s") Duration dnssecTimeout) {
        require(concurrency >= 1 && concurrency <= 4096, "mx20.readiness.max-concurrent-lookups", "1 .. 4096");
        require(maxBatchDomains >= 1 && maxBatchDomains <= 1_000_000, "mx20.readiness.batch.max-domains", "1 .. 1000000");
        require(probePort >= 1 && probePort <= 65535, "mx20.validate.probes.port", "1 .. 65535");
        require(List.of("validate", "ad-bit", "off").contains(dnssecMode), "mx20.validate.dnssec.mode",
                "validate, ad-bit, off");
        for (Duration d : List.of(timeout, budget, mtaStsTimeout, domainDeadline, probeTimeout, batchDeadline,
                dnssecTimeout)) {
            require(!d.isNegative() && !d.isZero() && d.compareTo(Duration.ofMinutes(10)) <= 0,
                    "mx20.validate.* / mx20.readiness.* durations", "> 0 and <= 10m");
        }
        this.serverAddresses = servers.orElse(List.of()).stream().map(ValidateServices::address).toList();
        this.live = LiveDnsLookup.create(serverAddresses, timeout);
        this.dnssecMode = dnssecMode;
        this.dnssecTimeout = dnssecTimeout;
        this.dnssec = switch (dnssecMode) {
            case "validate" -> LocalDnssecValidator.forServers(serverAddresses, trustAnchors(trustAnchorFile),
                    dnssecTimeout);
            case "ad-bit" -> AdBitDnssecValidator.forServers(serverAddresses, dnssecTimeout);
            default -> null;
        };
        this.readiness = new MailIpv6Checker(live, concurrency, domainDeadline);
        this.budget = budget;
        this.mtaStsTimeout = mtaStsTimeout;
        this.maxBatchDomains = maxBatchDomains;
        this.batchDeadline = batchDeadline;
        this.probesAllowed = probesAllowed;
        this.probes = new ProbeOptions(true, probePort, probeTimeout, probeHelo);
    }

    /** The IANA root anchors, or the DS/DNSKEY records of {@code mx20.validate.dnssec.trust-anchor-file}. */
    private static TrustAnchors trustAnchors(Optional<String> file) {
        if (file.isEmpty() || file.get().isBlank()) {
            return TrustAnchors.ianaRoot();
        }
        try {
            return TrustAnchors.parse(Files.readString(Path.of(file.get())));
        } catch (IOException e) {
            throw new UncheckedIOException("mx20.validate.dnssec.trust-anchor-file: " + e.getMessage(), e);
        }
    }

    /**
     * How live validations learn the DNSSEC status of DANE answers: {@code validate} (here, from trust anchors),
     * {@code ad-bit} (the resolver's AD flag) or {@code off}.
     */
    public String dnssecMode() {
        return dnssecMode;
    }

    /** The service's DNSSEC validator for live mode, or null when {@code mx20.validate.dnssec.mode=off}. */
    public DnssecValidator dnssec() {
        return dnssec;
    }

    /**
     * A validator from the given trust anchors instead of the service's (mode {@code validate} only): for a zone
     * whose DS is not yet at its parent. A new one per request, so its key cache is not shared.
     */
    public DnssecValidator dnssecWith(TrustAnchors anchors) {
        return LocalDnssecValidator.forServers(serverAddresses, anchors, dnssecTimeout);
    }

    /** True when requests may ask for active SMTP probes (off by default: they connect to hosts on port 25). */
    public boolean probesAllowed() {
        return probesAllowed;
    }

    /** The probe settings used when a request asks for probes and they are allowed. */
    public ProbeOptions probes() {
        return probes;
    }

    private static void require(boolean ok, String key, String range) {
        if (!ok) {
            throw new IllegalArgumentException(key + " must be in " + range);
        }
    }

    /** "192.0.2.53", "192.0.2.53:5353", "2001:db8::53", "[2001:db8::53]:5353": literals only, never resolved. */
    static InetSocketAddress address(String text) {
        String host = text.strip();
        int port = 53;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close > 0 && host.length() > close + 2 && host.charAt(close + 1) == ':') {
                port = Integer.parseInt(host.substring(close + 2));
            }
            host = host.substring(1, Math.max(1, close));
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
            port = Integer.parseInt(host.substring(host.indexOf(':') + 1));
            host = host.substring(0, host.indexOf(':'));
        }
        byte[] bytes = IpAddresses.parse(host).orElseThrow(
                () -> new IllegalArgumentException("mx20.validate.dns.servers: not an address literal: " + text));
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The configured resolver (live mode). */
    public DnsLookup live() {
        return live;
    }

    /** The shared readiness checker: its lookup limit is shared by every request. */
    public MailIpv6Checker readiness() {
        return readiness;
    }

    /** The time budget of one relay validation. */
    public Duration budget() {
        return budget;
    }

    /** The MTA-STS fetch timeout. */
    public Duration mtaStsTimeout() {
        return mtaStsTimeout;
    }

    /** How long a JSON batch may keep starting domains (later ones answer LOOKUP_FAILED at once). */
    public Duration batchDeadline() {
        return batchDeadline;
    }

    /** The most domains one batch request may list. */
    public int maxBatchDomains() {
        return maxBatchDomains;
    }

    static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : new ArrayList<>(list);
    }
}
