package dev.mx20.relay.validate;

import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsStatus;
import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.dns.RecordType;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failing, silent and lying DNS servers: every check still ends, with findings instead of exceptions. */
class DnsFailureTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** Where the test waits for a time-out: short. */
    private static final Duration TIMEOUT_LOOKUP = Duration.ofMillis(700);
    /** Where the server answers: generous, so a paused JVM does not turn the answer into a time-out. */
    private static final Duration ANSWERED_LOOKUP = Duration.ofSeconds(5);

    @Test
    void servfailOnTheMxIsAnErrorNotAnException() throws Exception {
        Scenario s = Scenario.named("good");
        try (TestDnsServer dns = s.serve()) {
            dns.failWith("example.com", Rcode.SERVFAIL);
            // answered (SERVFAIL and the honest rest): a generous lookup time-out, the test is not about one
            ValidationReport r = validate(dns.address(), s, ANSWERED_LOOKUP);
            assertFalse(r.valid());
            assertTrue(r.has(CheckCode.MX_LOOKUP_FAILED), RelayValidatorScenarioTest.describe(r));
            assertTrue(r.withCode(CheckCode.MX_LOOKUP_FAILED).get(0).evidence().get(0).contains("SERVFAIL"));
        }
    }

    @Test
    void aSilentServerForTheRelayTimesOutAndIsReported() throws Exception {
        Scenario s = Scenario.named("good");
        try (TestDnsServer dns = s.serve()) {
            dns.drop("relay.example.com");
            ValidationReport r = assertTimeoutPreemptively(HANG_GUARD, () -> validate(dns.address(), s, TIMEOUT_LOOKUP));
            assertTrue(r.withCode(CheckCode.DNS_LOOKUP_FAILED).stream()
                    .anyMatch(f -> f.evidence().stream().anyMatch(e -> e.contains("TIMEOUT"))),
                    RelayValidatorScenarioTest.describe(r));
            // a timeout is not taken for "no A record"
            assertFalse(r.has(CheckCode.RELAY_NO_A));
        }
    }

    @Test
    void anUnreachableResolverGivesFindingsForEveryDomainNotAHang() throws Exception {
        InetSocketAddress nobody;
        try (DatagramSocket unused = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), unused.getLocalPort());
        }
        InetSocketAddress target = nobody;
        Scenario s = Scenario.named("good");
        ValidationReport r = assertTimeoutPreemptively(HANG_GUARD, () -> validate(target, s, TIMEOUT_LOOKUP));
        assertFalse(r.valid());
        assertTrue(r.has(CheckCode.MX_LOOKUP_FAILED));
    }

    @Test
    void theTimeBudgetBoundsAValidationAgainstASilentResolver() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            LiveDnsLookup live = LiveDnsLookup.servers(List.of((InetSocketAddress) silent.getLocalSocketAddress()),
                    Duration.ofSeconds(5));
            Scenario s = Scenario.named("good");
            long start = System.nanoTime();
            ValidationReport r = assertTimeoutPreemptively(HANG_GUARD,
                    () -> new RelayValidator(live, s.mtaSts(), Duration.ofSeconds(2)).validate(s.config()));
            long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            // without the budget: dozens of lookups x 5 s; with it, about the budget plus one lookup
            assertTrue(took < 15_000, "took " + took + " ms");
            assertTrue(r.has(CheckCode.MX_LOOKUP_FAILED));
            assertTrue(r.findings().stream().flatMap(f -> f.evidence().stream()).anyMatch(e -> e.contains("budget")),
                    RelayValidatorScenarioTest.describe(r));
        }
    }

    @Test
    void aServerAnsweringGarbageGivesErrorAnswers() throws Exception {
        try (DatagramSocket liar = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                Random random = new Random(42);
                byte[] buf = new byte[512];
                while (!liar.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        liar.receive(p);
                        byte[] junk = new byte[1 + random.nextInt(100)];
                        random.nextBytes(junk);
                        if (junk.length > 2) { // keep the query id so the client parses the junk
                            junk[0] = buf[0];
                            junk[1] = buf[1];
                        }
                        liar.send(new DatagramPacket(junk, junk.length, p.getSocketAddress()));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            LiveDnsLookup lookup = LiveDnsLookup.servers(List.of((InetSocketAddress) liar.getLocalSocketAddress()),
                    TIMEOUT_LOOKUP); // garbage is dropped (RFC 5452): the lookup ends in its time-out
            DnsAnswer a = assertTimeoutPreemptively(HANG_GUARD,
                    () -> lookup.lookup("example.com", RecordType.MX).toCompletableFuture().get());
            assertTrue(a.status().isFailure(), a.toString());
            assertEquals(List.of(), a.data());
        }
    }

    @Test
    void malformedNamesAreAnErrorAnswerWithoutAQuery() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start(Scenario.named("good").zones().toArray(new String[0]))) {
            LiveDnsLookup lookup = LiveDnsLookup.servers(List.of(dns.address()), ANSWERED_LOOKUP);
            for (String bad : List.of("", "..", "a..b", "-x.example", "x".repeat(64) + ".example", "exa mple.com",
                    "ex\u00e4mple.com", "a.b.c".repeat(100))) {
                DnsAnswer a = lookup.lookup(bad, RecordType.A).toCompletableFuture().get();
                assertEquals(DnsStatus.ERROR, a.status(), bad);
            }
            assertEquals(0, dns.queryCount());
        }
    }

    private static ValidationReport validate(InetSocketAddress server, Scenario s, Duration lookupTimeout)
            throws Exception {
        LiveDnsLookup live = LiveDnsLookup.servers(List.of(server), lookupTimeout);
        return new RelayValidator(live, s.mtaSts()).validate(s.config());
    }
}
