package dev.mx20.relay.validate.readiness;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.DnsStatus;
import dev.mx20.relay.dns.IpAddresses;
import dev.mx20.relay.dns.RecordType;
import dev.mx20.relay.dns.TtlCachingDnsLookup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The IPv6 mail readiness of any domain: MX hosts, which have AAAA / A, their PTRs, null and implicit MX.
 * Fully asynchronous: at most {@code maxConcurrentLookups} DNS queries are in flight (shared by all domains of
 * all calls on this instance), every domain has a deadline counted from when it starts, and every domain gets
 * a result, even when its lookups fail. Within one call (one domain, or one batch) identical questions are asked
 * once and answers are reused within their TTL ({@link TtlCachingDnsLookup}): domains hosted by the same provider
 * share MX hosts, so their address and PTR questions repeat.
 */
public final class MailIpv6Checker {
    /** MX hosts looked at per domain; more is abuse or misconfiguration and is cut (and said so). */
    static final int MAX_MX_HOSTS = 10;
    /** Addresses per host whose PTR is looked up. */
    static final int MAX_PTR_PER_HOST = 4;
    /** Answers one batch keeps for reuse (MX hosts shared between domains), bounding its memory. */
    static final int BATCH_CACHE_ENTRIES = 50_000;

    private final DnsLookup dns;
    private final AsyncLimiter lookups;
    private final int maxConcurrentLookups;
    private final Duration perDomainDeadline;

    /**
     * @param dns                  where to ask (a live lookup should have its own per-query deadline)
     * @param maxConcurrentLookups DNS queries in flight at most
     * @param perDomainDeadline    the most one domain may take once started
     */
    public MailIpv6Checker(DnsLookup dns, int maxConcurrentLookups, Duration perDomainDeadline) {
        this.dns = Objects.requireNonNull(dns);
        this.lookups = new AsyncLimiter(maxConcurrentLookups);
        this.maxConcurrentLookups = maxConcurrentLookups;
        this.perDomainDeadline = Objects.requireNonNull(perDomainDeadline);
    }

    /** Checks one domain. The stage always completes normally. */
    public CompletionStage<MailIpv6Readiness> check(String domain) {
        return check(domain, batchLookup(1));
    }

    /** Questions of one call: shared and reused ({@link TtlCachingDnsLookup}), limited in flight. */
    private DnsLookup batchLookup(int domains) {
        // about 8 questions per domain (MX, AAAA + A of two hosts, their PTRs)
        return new TtlCachingDnsLookup((name, type) -> lookups.submit(() -> dns.lookup(name, type)),
                BATCH_CACHE_ENTRIES, (int) Math.min(BATCH_CACHE_ENTRIES, 8L * domains));
    }

    private CompletionStage<MailIpv6Readiness> check(String domain, DnsLookup batch) {
        long start = System.nanoTime();
        if (domain == null || !DnsNames.isHostName(domain)) {
            return CompletableFuture.completedFuture(MailIpv6Readiness.failed(String.valueOf(domain),
                    ReadinessStatus.INVALID_NAME, "not a domain name", 0));
        }
        String name = DnsNames.normalize(domain);
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<MailIpv6Readiness> work = ask(batch, name, RecordType.MX, errors)
                .thenCompose(mx -> afterMx(batch, name, mx, errors, start))
                .toCompletableFuture();
        return work.completeOnTimeout(null, perDomainDeadline.toMillis(), TimeUnit.MILLISECONDS)
                .handle((result, error) -> {
                    if (result != null) {
                        return result;
                    }
                    String why = error != null ? "internal error: " + error : "deadline of "
                            + perDomainDeadline.toMillis() + " ms exceeded";
                    List<String> all = new ArrayList<>(errors);
                    all.add(why);
                    return new MailIpv6Readiness(name, ReadinessStatus.LOOKUP_FAILED, false, false, List.of(), false,
                            all, elapsedMillis(start));
                });
    }

    /**
     * Checks many domains, at most {@code maxConcurrentLookups} of them started at a time, calling {@code sink}
     * (never concurrently) with each result as it completes.
     *
     * @return completes when every domain has been reported
     */
    public CompletionStage<Void> checkAll(List<String> domains, Consumer<MailIpv6Readiness> sink) {
        return checkAll(domains, sink, () -> false);
    }

    /**
     * As {@link #checkAll(List, Consumer)}, but once {@code stop} says true (the client went away), domains not
     * yet started are skipped without any lookup and not reported; the stage still completes.
     */
    public CompletionStage<Void> checkAll(List<String> domains, Consumer<MailIpv6Readiness> sink, BooleanSupplier stop) {
        return checkAll(domains, sink, stop, null);
    }

    /**
     * As {@link #checkAll(List, Consumer, BooleanSupplier)}, and domains not yet started when
     * {@code batchDeadline} has passed are reported at once as LOOKUP_FAILED ("not checked"), without lookups,
     * so a stream ends within about {@code batchDeadline} plus one per-domain deadline.
     *
     * @param batchDeadline how long the batch may keep starting domains, or null for no bound
     */
    public CompletionStage<Void> checkAll(List<String> domains, Consumer<MailIpv6Readiness> sink, BooleanSupplier stop,
                                          Duration batchDeadline) {
        long stopAt = batchDeadline == null ? Long.MAX_VALUE : System.nanoTime() + batchDeadline.toNanos();
        AsyncLimiter admission = new AsyncLimiter(maxConcurrentLookups);
        DnsLookup batch = batchLookup(domains.size());
        AtomicInteger left = new AtomicInteger(domains.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (domains.isEmpty()) {
            done.complete(null);
            return done;
        }
        Object sinkLock = new Object();
        for (String d : domains) {
            admission.submit(() -> stop.getAsBoolean()
                    ? CompletableFuture.<MailIpv6Readiness>completedFuture(null)
                    : System.nanoTime() - stopAt < 0 ? check(d, batch)
                    : CompletableFuture.completedFuture(notChecked(d, batchDeadline))).whenComplete((r, e) -> {
                try {
                    if (r != null || e != null) {
                        MailIpv6Readiness result = r != null ? r : MailIpv6Readiness.failed(String.valueOf(d),
                                ReadinessStatus.LOOKUP_FAILED, String.valueOf(e), 0);
                        synchronized (sinkLock) {
                            if (!stop.getAsBoolean()) {
                                sink.accept(result);
                            }
                        }
                    }
                } finally {
                    if (left.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                }
            });
        }
        return done;
    }

    /** Checks many domains and returns the results in input order. */
    public CompletionStage<List<MailIpv6Readiness>> checkAll(List<String> domains) {
        return checkAll(domains, (Duration) null);
    }

    /**
     * Checks many domains and returns the results in input order. Domains not yet started when
     * {@code batchDeadline} has passed get a LOOKUP_FAILED result at once, without lookups, so the whole batch
     * is bounded by about {@code batchDeadline} plus one per-domain deadline.
     *
     * @param batchDeadline how long the batch may keep starting domains, or null for no bound
     */
    public CompletionStage<List<MailIpv6Readiness>> checkAll(List<String> domains, Duration batchDeadline) {
        long stopAt = batchDeadline == null ? Long.MAX_VALUE : System.nanoTime() + batchDeadline.toNanos();
        Map<Integer, MailIpv6Readiness> byIndex = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        AsyncLimiter admission = new AsyncLimiter(maxConcurrentLookups);
        DnsLookup batch = batchLookup(domains.size());
        for (int i = 0; i < domains.size(); i++) {
            int index = i;
            String d = domains.get(i);
            parts.add(admission.submit(() -> System.nanoTime() - stopAt < 0 ? check(d, batch)
                    : CompletableFuture.completedFuture(notChecked(d, batchDeadline)))
                    .thenAccept(r -> byIndex.put(index, r)));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture[0])).thenApply(v -> {
            List<MailIpv6Readiness> out = new ArrayList<>();
            for (int i = 0; i < domains.size(); i++) {
                out.add(byIndex.get(i));
            }
            return out;
        });
    }

    private static MailIpv6Readiness notChecked(String domain, Duration batchDeadline) {
        return MailIpv6Readiness.failed(String.valueOf(domain), ReadinessStatus.LOOKUP_FAILED,
                "not checked: the batch deadline of " + batchDeadline.toMillis()
                        + " ms passed before this domain started", 0);
    }

    private CompletionStage<MailIpv6Readiness> afterMx(DnsLookup batch, String domain, DnsAnswer mx, List<String> errors,
                                                       long start) {
        if (mx.status().isFailure()) {
            return CompletableFuture.completedFuture(new MailIpv6Readiness(domain, ReadinessStatus.LOOKUP_FAILED,
                    false, false, List.of(), false, errors, elapsedMillis(start)));
        }
        List<int[]> prefs = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        boolean nullMx = false;
        for (String data : mx.data()) {
            String[] parts = data.split(" ", 2);
            if (parts.length == 2 && ".".equals(parts[1])) {
                nullMx = true;
                continue;
            }
            if (parts.length == 2 && !hosts.contains(parts[1])) {
                prefs.add(new int[]{Integer.parseInt(parts[0])});
                hosts.add(parts[1]);
            }
        }
        if (nullMx && hosts.isEmpty()) {
            return CompletableFuture.completedFuture(new MailIpv6Readiness(domain, ReadinessStatus.NULL_MX, true,
                    false, List.of(), false, errors, elapsedMillis(start)));
        }
        boolean implicit = hosts.isEmpty();
        if (implicit) {
            if (mx.status() == DnsStatus.NXDOMAIN) {
                return CompletableFuture.completedFuture(new MailIpv6Readiness(domain, ReadinessStatus.NO_MAIL_DOMAIN,
                        false, false, List.of(), false, errors, elapsedMillis(start)));
            }
            hosts.add(domain); // RFC 5321 §5.1: the domain itself, as if "MX 0 domain"
            prefs.add(new int[]{0});
        }
        if (hosts.size() > MAX_MX_HOSTS) {
            errors.add(hosts.size() + " MX hosts; only the first " + MAX_MX_HOSTS + " were checked");
        }
        List<CompletableFuture<MxHostReadiness>> perHost = new ArrayList<>();
        for (int i = 0; i < Math.min(hosts.size(), MAX_MX_HOSTS); i++) {
            perHost.add(host(batch, hosts.get(i), prefs.get(i)[0], errors).toCompletableFuture());
        }
        boolean finalNullMx = nullMx;
        return CompletableFuture.allOf(perHost.toArray(new CompletableFuture[0])).thenApply(v -> {
            List<MxHostReadiness> list = new ArrayList<>(perHost.stream().map(CompletableFuture::join).toList());
            list.sort(Comparator.comparingInt(MxHostReadiness::preference).thenComparing(MxHostReadiness::host));
            return summarize(domain, finalNullMx, implicit, list, errors, start);
        });
    }

    private static MailIpv6Readiness summarize(String domain, boolean nullMx, boolean implicit,
                                               List<MxHostReadiness> hosts, List<String> errors, long start) {
        boolean any6 = hosts.stream().anyMatch(h -> !h.ipv6().isEmpty());
        boolean any4 = hosts.stream().anyMatch(h -> !h.ipv4().isEmpty());
        boolean all6 = !hosts.isEmpty() && hosts.stream().allMatch(h -> !h.ipv6().isEmpty());
        ReadinessStatus status;
        if (any6 && any4) {
            status = ReadinessStatus.IPV6_AND_IPV4;
        } else if (any6) {
            status = ReadinessStatus.IPV6_ONLY;
        } else if (any4) {
            status = ReadinessStatus.IPV4_ONLY;
        } else if (!errors.isEmpty()) {
            status = ReadinessStatus.LOOKUP_FAILED;
        } else if (implicit) {
            status = ReadinessStatus.NO_MAIL_DOMAIN; // no MX and no address: nothing to deliver to
        } else {
            status = ReadinessStatus.NO_ADDRESSES;
        }
        List<MxHostReadiness> shown = implicit && status == ReadinessStatus.NO_MAIL_DOMAIN ? List.of() : hosts;
        return new MailIpv6Readiness(domain, status, nullMx, implicit, shown, all6, List.copyOf(errors),
                elapsedMillis(start));
    }

    private CompletionStage<MxHostReadiness> host(DnsLookup batch, String host, int preference, List<String> errors) {
        // AAAA and A at once: the host's result waits for the slower of the two, not their sum
        CompletableFuture<DnsAnswer> aaaa = ask(batch, host, RecordType.AAAA, errors).toCompletableFuture();
        CompletableFuture<DnsAnswer> a = ask(batch, host, RecordType.A, errors).toCompletableFuture();
        return aaaa.thenCombine(a, (six, four) -> new DnsAnswer[]{six, four}).thenCompose(pair -> {
            List<String> v6 = pair[0].hasData() ? pair[0].data() : List.of();
            List<String> v4 = pair[1].hasData() ? pair[1].data() : List.of();
            List<String> addresses = new ArrayList<>(v6.stream().limit(MAX_PTR_PER_HOST).toList());
            addresses.addAll(v4.stream().limit(MAX_PTR_PER_HOST).toList());
            Map<String, CompletableFuture<List<String>>> ptrs = new LinkedHashMap<>();
            for (String address : addresses) {
                if (IpAddresses.isLiteral(address)) {
                    ptrs.put(address, ask(batch, IpAddresses.reverseName(address), RecordType.PTR, errors)
                            .thenApply(p -> p.hasData() ? p.data() : List.<String>of()).toCompletableFuture());
                }
            }
            boolean alias = pair[0].isAlias() || pair[1].isAlias();
            return CompletableFuture.allOf(ptrs.values().toArray(new CompletableFuture[0])).thenApply(v -> {
                Map<String, List<String>> resolved = new LinkedHashMap<>();
                ptrs.forEach((k, f) -> resolved.put(k, f.join()));
                return new MxHostReadiness(host, preference, v6, v4, resolved, alias);
            });
        });
    }

    private static CompletionStage<DnsAnswer> ask(DnsLookup batch, String name, RecordType type, List<String> errors) {
        return batch.lookup(name, type).thenApply(answer -> {
            if (answer.status().isFailure()) {
                errors.add(answer.name() + " " + type + ": " + answer.status()
                        + (answer.detail().isEmpty() ? "" : " (" + answer.detail() + ")"));
            }
            return answer;
        });
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
