package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.DnsStatus;
import dev.mx20.relay.dns.RecordType;
import dev.mx20.relay.validate.dnssec.DnssecStatus;
import dev.mx20.relay.validate.dnssec.DnssecValidator;
import dev.mx20.relay.validate.dnssec.DnssecVerdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What a check sees: the configuration, a (caching) DNS, the MTA-STS source, and where to report. */
final class CheckContext {
    /** Backstop only: lookups bound themselves; this catches a {@link DnsLookup} that breaks its contract. */
    private static final Duration HARD_LOOKUP_BOUND = Duration.ofSeconds(30);

    private final RelayConfig config;
    private final DnsLookup dns;
    private final MtaStsPolicySource mtaSts;
    private final List<Finding> findings = new ArrayList<>();
    private final Set<String> ran = new LinkedHashSet<>();
    private final long deadlineNanos;
    private ProbeOptions probes = ProbeOptions.disabled();
    private DnssecValidator dnssec;

    CheckContext(RelayConfig config, DnsLookup dns, MtaStsPolicySource mtaSts) {
        this(config, dns, mtaSts, HARD_LOOKUP_BOUND.multipliedBy(100));
    }

    /** @param budget the whole validation's time: once spent, lookups not yet answered give TIMEOUT at once */
    CheckContext(RelayConfig config, DnsLookup dns, MtaStsPolicySource mtaSts, Duration budget) {
        this.config = config;
        this.dns = dns;
        this.mtaSts = mtaSts;
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
    }

    RelayConfig config() {
        return config;
    }

    MtaStsPolicySource mtaSts() {
        return mtaSts;
    }

    ProbeOptions probes() {
        return probes;
    }

    CheckContext withProbes(ProbeOptions options) {
        this.probes = options;
        return this;
    }

    /** The DNSSEC validator, or empty when DNSSEC is not checked (offline records, or turned off). */
    Optional<DnssecValidator> dnssec() {
        return Optional.ofNullable(dnssec);
    }

    CheckContext withDnssec(DnssecValidator validator) {
        this.dnssec = validator;
        return this;
    }

    /** The DNSSEC status of an answer, bounded like {@link #ask}; never throws. */
    DnssecVerdict dnssecStatus(String name, RecordType type) {
        long left = Math.min(HARD_LOOKUP_BOUND.toNanos(), deadlineNanos - System.nanoTime());
        try {
            return dnssec.check(name, type).toCompletableFuture().get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new DnssecVerdict(name, type.name(), DnssecStatus.INDETERMINATE,
                    left <= 0 ? "validation time budget spent" : "no answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DnssecVerdict(name, type.name(), DnssecStatus.INDETERMINATE, "interrupted");
        } catch (ExecutionException e) {
            return new DnssecVerdict(name, type.name(), DnssecStatus.INDETERMINATE, String.valueOf(e.getCause()));
        }
    }

    DnsAnswer ask(String name, RecordType type) {
        long left = Math.min(HARD_LOOKUP_BOUND.toNanos(), deadlineNanos - System.nanoTime());
        try {
            // a cached answer is still returned after the budget is spent (get() of a completed future)
            return dns.lookup(name, type).toCompletableFuture().get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return DnsAnswer.failure(name, type, DnsStatus.TIMEOUT,
                    left <= 0 ? "validation time budget spent" : "no answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DnsAnswer.failure(name, type, DnsStatus.ERROR, "interrupted");
        } catch (ExecutionException e) {
            return DnsAnswer.failure(name, type, DnsStatus.ERROR, String.valueOf(e.getCause()));
        }
    }

    /** The domain's MX records, or empty when the lookup failed (the MX check reports that). */
    Optional<List<MxRecord>> mx(String domain) {
        DnsAnswer a = ask(domain, RecordType.MX);
        if (a.status().isFailure()) {
            return Optional.empty();
        }
        return Optional.of(a.data().stream().map(MxRecord::parse).flatMap(Optional::stream).toList());
    }

    /** Both address families of a host. */
    HostAddresses addresses(String host) {
        return new HostAddresses(ask(host, RecordType.A), ask(host, RecordType.AAAA));
    }

    /** Marks that a check ran (so a clean run lists it under "passed"). */
    void ran(CheckCode code) {
        ran.add(code.name());
    }

    void report(CheckCode code, String subject, String message, String remedy, List<String> evidence) {
        report(code, code.defaultSeverity(), subject, message, remedy, evidence);
    }

    void report(CheckCode code, Severity severity, String subject, String message, String remedy,
                List<String> evidence) {
        ran.add(code.name());
        findings.add(new Finding(code.name(), severity, subject, message, remedy, evidence));
    }

    /** Reports a lookup that failed, so the check could not conclude. */
    void lookupFailed(String subject, DnsAnswer answer, String whatFor) {
        report(CheckCode.DNS_LOOKUP_FAILED, subject,
                "Could not look up " + answer.name() + " " + answer.type() + " (" + answer.status() + ") for "
                        + whatFor + "; the check is inconclusive. Receiving servers that see the same will defer mail.",
                "Make sure every authoritative name server of " + answer.name() + " answers for it.",
                answer.evidence());
    }

    static String fqdn(String name) {
        return DnsNames.normalize(name) + ".";
    }

    ValidationReport report(int dnsQueries) {
        Set<String> failed = new LinkedHashSet<>();
        findings.forEach(f -> failed.add(f.code()));
        List<String> passed = ran.stream().filter(c -> !failed.contains(c)).toList();
        return ValidationReport.of(findings, passed, dnsQueries);
    }

    /** The A and AAAA answers for one host. */
    record HostAddresses(DnsAnswer a, DnsAnswer aaaa) {
        List<String> all() {
            List<String> out = new ArrayList<>(a.hasData() ? a.data() : List.of());
            if (aaaa.hasData()) {
                out.addAll(aaaa.data());
            }
            return out;
        }

        List<String> evidence() {
            List<String> out = new ArrayList<>(a.evidence());
            out.addAll(aaaa.evidence());
            return out;
        }

        boolean anyFailed() {
            return a.status().isFailure() || aaaa.status().isFailure();
        }

        boolean isAlias() {
            return a.isAlias() || aaaa.isAlias();
        }
    }
}
