package dev.mx20.relay.dns;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shares answers between the lookups of one batch: concurrent identical questions go out once, and an answer is
 * reused for as long as its TTL says ({@link DnsAnswer#ttl()}; RFC 1035 §3.2.1, RFC 2308 §5 for negative
 * answers). In a batch of domains many share MX hosts (a hosting provider's), so their A/AAAA and PTR questions
 * repeat. Failures are shared only while in flight, never reused afterwards (each later asker tries again).
 * Bounded: at most {@code maxEntries} answers are kept; past that, expired ones are dropped (at most once a
 * second) and, if still full, new answers are not kept. Not a resolver cache for the process's life: make one per batch.
 */
public final class TtlCachingDnsLookup implements DnsLookup {
    /** What an answer is filed under: the normal form of the name and the type (no string built per lookup). */
    private record Key(String name, RecordType type) {
    }

    private record Entry(CompletableFuture<DnsAnswer> answer, long expiresAtNanos) {
        boolean fresh(long now) {
            return !answer.isDone() || now - expiresAtNanos < 0;
        }
    }

    /** TTLs above a day are cut to a day (RFC 8767 §4 suggests capping; it also keeps the arithmetic safe). */
    static final long MAX_TTL_SECONDS = 86_400;
    /** A full cache looks for expired answers at most this often. */
    static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final DnsLookup delegate;
    private final int maxEntries;
    private final Map<Key, Entry> entries;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - SWEEP_INTERVAL_NANOS);

    /**
     * @param delegate   where questions not answered here go
     * @param maxEntries answers kept at most (in flight included)
     */
    public TtlCachingDnsLookup(DnsLookup delegate, int maxEntries) {
        this(delegate, maxEntries, 16);
    }

    /**
     * @param delegate         where questions not answered here go
     * @param maxEntries       answers kept at most (in flight included)
     * @param expectedEntries  how many answers the caller expects to keep (the table is sized for them once,
     *                         instead of growing step by step: a batch of thousands of domains otherwise spends a
     *                         noticeable share of its time copying the table); at most {@code maxEntries} is used
     */
    public TtlCachingDnsLookup(DnsLookup delegate, int maxEntries, int expectedEntries) {
        this.delegate = Objects.requireNonNull(delegate);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1");
        }
        this.maxEntries = maxEntries;
        this.entries = new ConcurrentHashMap<>(Math.max(1, Math.min(maxEntries, expectedEntries)));
    }

    @Override
    public CompletionStage<DnsAnswer> lookup(String name, RecordType type) {
        if (name == null) {
            return delegate.lookup(null, type);
        }
        Key key = new Key(DnsNames.normalize(name), type);
        long now = System.nanoTime();
        Entry existing = entries.get(key);
        if (existing != null && existing.fresh(now)) {
            return existing.answer();
        }
        if (entries.size() >= maxEntries) {
            sweepExpired(now);
            if (entries.size() >= maxEntries) {
                sent.incrementAndGet();
                return delegate.lookup(name, type); // full: ask without keeping
            }
        }
        CompletableFuture<DnsAnswer> mine = new CompletableFuture<>();
        Entry placeholder = new Entry(mine, Long.MAX_VALUE);
        Entry winner = entries.compute(key, (k, e) -> e != null && e.fresh(now) ? e : placeholder);
        if (winner != placeholder) {
            return winner.answer(); // someone else asked first
        }
        sent.incrementAndGet();
        delegate.lookup(name, type).whenComplete((answer, error) -> {
            if (error != null || answer.status().isFailure() || answer.ttl() == 0) {
                entries.remove(key, placeholder);
            } else {
                long seconds = Math.min(answer.ttl(), MAX_TTL_SECONDS);
                entries.replace(key, placeholder, new Entry(mine, System.nanoTime() + seconds * 1_000_000_000L));
            }
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(answer);
            }
        });
        return mine;
    }

    /**
     * Drops expired answers, at most once per {@link #SWEEP_INTERVAL_NANOS}: a sweep walks every entry, and
     * doing it on every lookup of a full cache would make each lookup cost O(entries).
     */
    private void sweepExpired(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now)) {
            entries.values().removeIf(e -> !e.fresh(now));
        }
    }

    /** How many questions went to the delegate. */
    public long queryCount() {
        return sent.get();
    }
}
