package dev.mx20.relay.validate.readiness;

import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.dns.LiveDnsLookup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailIpv6CheckerTest {
    private static TestDnsServer dns;
    private static MailIpv6Checker checker;

    @BeforeAll
    static void serve() throws IOException {
        dns = TestDnsServer.start(
                TestDnsServer.resource(MailIpv6CheckerTest.class, "/dev/mx20/relay/validate/readiness/survey.example.db"),
                TestDnsServer.resource(MailIpv6CheckerTest.class, "/dev/mx20/relay/validate/readiness/2.0.192.in-addr.arpa.db"),
                TestDnsServer.resource(MailIpv6CheckerTest.class, "/dev/mx20/relay/validate/readiness/8.b.d.0.1.0.0.2.ip6.arpa.db"));
        dns.failWith("mx.broken.survey.example", Rcode.SERVFAIL);
        dns.drop("silent.survey.example");
        // answered lookups must never time out however busy the machine: 5 s, and a domain deadline well above it
        // (so a silent domain ends in its lookup's TIMEOUT, not in the domain deadline)
        checker = new MailIpv6Checker(LiveDnsLookup.servers(List.of(dns.address()), ANSWERED_LOOKUP), 16,
                DOMAIN_DEADLINE);
    }

    /** The lookup time-out wherever the server answers: generous, the tests are not about it. */
    private static final Duration ANSWERED_LOOKUP = Duration.ofSeconds(5);
    private static final Duration DOMAIN_DEADLINE = Duration.ofSeconds(20);

    @AfterAll
    static void stop() {
        dns.close();
    }

    private static MailIpv6Readiness check(String domain) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> checker.check(domain).toCompletableFuture().get());
    }

    private static void assertStatus(ReadinessStatus expected, String domain) {
        MailIpv6Readiness r = check(domain);
        assertEquals(expected, r.status(), r::toString);
    }

    @Test
    void thePatternIsReachableOverBothFamilies() {
        MailIpv6Readiness r = check("pattern.survey.example");
        assertEquals(ReadinessStatus.IPV6_AND_IPV4, r.status());
        assertTrue(r.allMxHaveIpv6());
        assertEquals(List.of("v6only.pattern.survey.example", "relay.pattern.survey.example"),
                r.mxHosts().stream().map(MxHostReadiness::host).toList());
        MxHostReadiness relay = r.mxHosts().get(1);
        assertEquals(20, relay.preference());
        assertEquals(Map.of("2001:db8::20", List.of(), "192.0.2.1", List.of("relay.pattern.survey.example")), relay.ptr());
        assertEquals(List.of(), r.errors());
    }

    @Test
    void implicitMxIsTheDomainItself() {
        MailIpv6Readiness r = check("implicit.survey.example");
        assertTrue(r.implicitMx());
        assertEquals(ReadinessStatus.IPV6_ONLY, r.status());
        assertEquals(List.of("2001:db8::99"), r.mxHosts().get(0).ipv6());
    }

    @Test
    void eachSituationHasItsStatus() {
        assertStatus(ReadinessStatus.IPV6_ONLY, "v6mx.survey.example");
        assertStatus(ReadinessStatus.IPV4_ONLY, "v4mx.survey.example");
        MailIpv6Readiness nomail = check("nomail.survey.example");
        assertEquals(ReadinessStatus.NULL_MX, nomail.status());
        assertTrue(nomail.nullMx());
        assertStatus(ReadinessStatus.NO_ADDRESSES, "dangling.survey.example");
        assertStatus(ReadinessStatus.NO_MAIL_DOMAIN, "empty.survey.example");
        assertStatus(ReadinessStatus.NO_MAIL_DOMAIN, "nothing.survey.example");
        assertTrue(check("aliased.survey.example").mxHosts().get(0).alias());
    }

    @Test
    void failuresGiveAResultWithTheReason() {
        MailIpv6Readiness broken = check("broken.survey.example");
        assertEquals(ReadinessStatus.LOOKUP_FAILED, broken.status());
        assertTrue(broken.errors().stream().anyMatch(e -> e.contains("SERVFAIL")), broken.errors().toString());
        MailIpv6Readiness silent = check("silent.survey.example");
        assertEquals(ReadinessStatus.LOOKUP_FAILED, silent.status());
        assertTrue(silent.errors().stream().anyMatch(e -> e.contains("TIMEOUT")), silent.errors().toString());
    }

    @Test
    void aStoppedBatchStartsNoMoreDomains() throws Exception {
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            domains.add("v6mx.survey.example");
        }
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        long before = dns.queryCount();
        MailIpv6Checker oneAtATime = new MailIpv6Checker(
                LiveDnsLookup.servers(List.of(dns.address()), ANSWERED_LOOKUP), 1, DOMAIN_DEADLINE);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> oneAtATime
                .checkAll(domains, r -> seen.incrementAndGet(), () -> seen.get() >= 3).toCompletableFuture().get());
        assertEquals(3, seen.get());
        // each domain costs 4 queries (MX, AAAA, A, PTR): far fewer than 500 domains' worth were asked
        assertTrue(dns.queryCount() - before < 40, "queries: " + (dns.queryCount() - before));
    }

    @Test
    void theBatchDeadlineBoundsABatchOfSilentDomains() throws Exception {
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            domains.add("silent.survey.example");
        }
        MailIpv6Checker twoAtATime = new MailIpv6Checker(
                LiveDnsLookup.servers(List.of(dns.address()), Duration.ofMillis(1000)), 2, Duration.ofSeconds(2));
        // without the batch deadline: 200 / 2 x 1 s = 100 s
        List<MailIpv6Readiness> results = assertTimeoutPreemptively(Duration.ofSeconds(40),
                () -> twoAtATime.checkAll(domains, Duration.ofSeconds(3)).toCompletableFuture().get());
        assertEquals(200, results.size());
        assertTrue(results.stream().allMatch(r -> r.status() == ReadinessStatus.LOOKUP_FAILED));
        assertTrue(results.get(199).errors().get(0).contains("batch deadline"), results.get(199).toString());
        assertTrue(results.get(0).errors().stream().anyMatch(e -> e.contains("TIMEOUT")), results.get(0).toString());
    }

    @Test
    void malformedNamesAreRefusedWithoutLookups() {
        long before = dns.queryCount();
        for (String bad : new String[]{null, "", "localhost", "a..b", "192.0.2.1", "-bad.example", "ex ample.com",
                "x".repeat(300)}) {
            assertEquals(ReadinessStatus.INVALID_NAME, check(bad).status(), String.valueOf(bad));
        }
        assertEquals(before, dns.queryCount());
    }

    @Test
    void aBatchGivesOneResultPerDomainInOrderEvenWhenSomeFail() throws Exception {
        List<String> domains = new ArrayList<>();
        String[] kinds = {"pattern", "v6mx", "v4mx", "broken", "nothing", "silent", "bad..name"};
        for (int i = 0; i < 700; i++) {
            String k = kinds[i % kinds.length];
            // silent domains only among the first 70 (10 of them, in flight together): each waits for the 5 s
            // lookup time-out, a failed answer is not shared, and 100 of them would take 100 / 16 x 5 s
            if (k.equals("silent") && i >= 70) {
                k = "nomail";
            }
            domains.add(k.contains("..") ? k : k + ".survey.example");
        }
        List<MailIpv6Readiness> results = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> checker.checkAll(domains).toCompletableFuture().get());
        assertEquals(domains.size(), results.size());
        for (int i = 0; i < domains.size(); i++) {
            assertTrue(results.get(i).domain().equals(domains.get(i)), i + ": " + results.get(i));
        }
        assertEquals(ReadinessStatus.IPV6_AND_IPV4, results.get(0).status());
        assertEquals(ReadinessStatus.LOOKUP_FAILED, results.get(5).status());
        assertEquals(ReadinessStatus.INVALID_NAME, results.get(6).status());

        Set<String> streamed = new HashSet<>();
        List<MailIpv6Readiness> order = new ArrayList<>();
        checker.checkAll(domains.subList(0, 70), r -> {
            order.add(r);
            streamed.add(r.domain());
        }).toCompletableFuture().get();
        assertEquals(70, order.size());
        assertEquals(7, streamed.size());
        assertFalse(order.contains(null));
    }

    @Test
    void aBatchAsksForSharedMxHostsOnce() throws Exception {
        // three domains at one hosting provider: one MX host, its AAAA, A and two PTRs are asked once per batch
        try (TestDnsServer hoster = TestDnsServer.start("""
                $ORIGIN hoster.example.
                $TTL 300
                @ IN SOA ns hostmaster 1 3600 600 86400 300
                @ IN NS ns
                ns IN A 192.0.2.53
                mx IN AAAA 2001:db8::25
                mx IN A 192.0.2.25
                a IN MX 10 mx
                b IN MX 10 mx
                c IN MX 10 mx
                """, """
                $ORIGIN 2.0.192.in-addr.arpa.
                $TTL 300
                @ IN SOA ns.hoster.example. hostmaster.hoster.example. 1 3600 600 86400 300
                @ IN NS ns.hoster.example.
                25 IN PTR mx.hoster.example.
                """, """
                $ORIGIN 8.b.d.0.1.0.0.2.ip6.arpa.
                $TTL 300
                @ IN SOA ns.hoster.example. hostmaster.hoster.example. 1 3600 600 86400 300
                @ IN NS ns.hoster.example.
                5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 IN PTR mx.hoster.example.
                """)) {
            MailIpv6Checker batchChecker = new MailIpv6Checker(
                    LiveDnsLookup.servers(List.of(hoster.address()), ANSWERED_LOOKUP), 4, DOMAIN_DEADLINE);
            List<MailIpv6Readiness> results = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> batchChecker
                    .checkAll(List.of("a.hoster.example", "b.hoster.example", "c.hoster.example"))
                    .toCompletableFuture().get());
            for (MailIpv6Readiness r : results) {
                assertEquals(ReadinessStatus.IPV6_AND_IPV4, r.status(), r::toString);
                assertEquals(Map.of("2001:db8::25", List.of("mx.hoster.example"), "192.0.2.25",
                        List.of("mx.hoster.example")), r.mxHosts().get(0).ptr());
            }
            assertEquals(3 + 4, hoster.queryCount(), "3 MX, then AAAA, A and 2 PTRs once for the shared host");
        }
    }

    @Test
    void aStreamedBatchStartsNoDomainAfterItsDeadlineButReportsEveryOne() {
        // 40 silent domains, 16 at a time: the first ones wait for their lookups' deadline (2.5 s), far past the
        // batch deadline, so the others are reported at once as not checked
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            domains.add("silent.survey.example");
        }
        // only silent domains: a short lookup time-out of its own (the test is about what a time-out does)
        MailIpv6Checker silentChecker = new MailIpv6Checker(
                LiveDnsLookup.servers(List.of(dns.address()), Duration.ofMillis(2500)), 16, Duration.ofSeconds(8));
        List<MailIpv6Readiness> seen = new ArrayList<>();
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> silentChecker.checkAll(domains, seen::add, () -> false,
                Duration.ofMillis(300)).toCompletableFuture().get());
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(40, seen.size());
        assertTrue(seen.stream().allMatch(r -> r.status() == ReadinessStatus.LOOKUP_FAILED), seen::toString);
        long notChecked = seen.stream().filter(r -> r.errors().stream().anyMatch(e -> e.contains("batch deadline")))
                .count();
        assertTrue(notChecked >= 24, "not checked: " + notChecked);
        assertTrue(tookMillis < 15_000, "took " + tookMillis + " ms");
    }
}
