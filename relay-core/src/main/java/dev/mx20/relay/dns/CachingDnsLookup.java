package dev.mx20.relay.dns;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers every answer for the life of one validation, so checks can ask freely (the same MX target is
 * looked up by several checks) and concurrent askers share one query in flight. Not a TTL cache: make a new
 * one per validation or batch.
 */
public final class CachingDnsLookup implements DnsLookup {
    private final DnsLookup delegate;
    private final Map<String, CompletionStage<DnsAnswer>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();

    public CachingDnsLookup(DnsLookup delegate) {
        this.delegate = Objects.requireNonNull(delegate);
    }

    @Override
    public CompletionStage<DnsAnswer> lookup(String name, RecordType type) {
        String key = (name == null ? "" : DnsNames.normalize(name)) + "/" + type;
        return answers.computeIfAbsent(key, k -> {
            queries.incrementAndGet();
            return delegate.lookup(name, type);
        });
    }

    /** How many distinct questions went to the delegate. */
    public int queryCount() {
        return queries.get();
    }
}
