package dev.mx20.relay.dns;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TtlCachingDnsLookupTest {
    /** A lookup whose answers the test completes by hand, counting the questions it gets. */
    private static final class Scripted implements DnsLookup {
        final List<CompletableFuture<DnsAnswer>> pending = new ArrayList<>();
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public synchronized CompletionStage<DnsAnswer> lookup(String name, RecordType type) {
            asked.incrementAndGet();
            CompletableFuture<DnsAnswer> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }
    }

    private static DnsAnswer ok(String name, long ttl) {
        return new DnsAnswer(name, RecordType.A, DnsStatus.OK, List.of("192.0.2.1"), List.of(), "", ttl);
    }

    @Test
    void concurrentIdenticalQuestionsGoOutOnceAndShareTheAnswer() {
        Scripted dns = new Scripted();
        TtlCachingDnsLookup cache = new TtlCachingDnsLookup(dns, 100);
        CompletableFuture<DnsAnswer> first = cache.lookup("MX.example.", RecordType.A).toCompletableFuture();
        CompletableFuture<DnsAnswer> second = cache.lookup("mx.example", RecordType.A).toCompletableFuture();
        cache.lookup("mx.example", RecordType.AAAA); // another type is another question
        assertEquals(2, dns.asked.get());
        DnsAnswer answer = ok("mx.example", 300);
        dns.pending.get(0).complete(answer);
        assertSame(answer, first.join());
        assertSame(answer, second.join());
        assertSame(answer, cache.lookup("mx.example", RecordType.A).toCompletableFuture().join(), "reused");
        assertEquals(2, dns.asked.get());
        assertEquals(2, cache.queryCount());
    }

    @Test
    void failuresAndZeroTtlAnswersAreNotReusedOnceDone() {
        Scripted dns = new Scripted();
        TtlCachingDnsLookup cache = new TtlCachingDnsLookup(dns, 100);
        cache.lookup("a.example", RecordType.A);
        dns.pending.get(0).complete(DnsAnswer.failure("a.example", RecordType.A, DnsStatus.SERVFAIL, "SERVFAIL"));
        cache.lookup("a.example", RecordType.A);
        assertEquals(2, dns.asked.get(), "a failure is asked again");
        dns.pending.get(1).complete(ok("a.example", 0));
        cache.lookup("a.example", RecordType.A);
        assertEquals(3, dns.asked.get(), "TTL 0 means: do not reuse");
    }

    @Test
    void expiredAnswersAreAskedAgain() throws Exception {
        Scripted dns = new Scripted();
        TtlCachingDnsLookup cache = new TtlCachingDnsLookup(dns, 100);
        cache.lookup("a.example", RecordType.A);
        dns.pending.get(0).complete(ok("a.example", 1));
        cache.lookup("a.example", RecordType.A);
        assertEquals(1, dns.asked.get());
        Thread.sleep(1_100); // the TTL is whole seconds; no clock is injected
        cache.lookup("a.example", RecordType.A);
        assertEquals(2, dns.asked.get());
    }

    @Test
    void boundedWhenFull() {
        Scripted dns = new Scripted();
        TtlCachingDnsLookup cache = new TtlCachingDnsLookup(dns, 2);
        for (String n : List.of("a.example", "b.example", "c.example")) {
            cache.lookup(n, RecordType.A);
        }
        dns.pending.forEach(f -> f.complete(ok("x.example", 300)));
        cache.lookup("a.example", RecordType.A);
        cache.lookup("b.example", RecordType.A);
        assertEquals(3, dns.asked.get(), "a and b are kept");
        cache.lookup("c.example", RecordType.A);
        assertEquals(4, dns.asked.get(), "c did not fit and is asked again");
    }
}
