package dev.mx20.relay.dns;

import dev.mx20.relay.testdns.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live lookup against real DNS traffic: statuses, RCODEs, and CNAME chains that leave the answer. */
class LiveDnsLookupTest {
    // Two zones: TestDnsServer, like an authoritative server, follows a CNAME only inside the zone, so a chain
    // into the other zone ends outside the answer and the lookup must ask again for its end.
    private static final String A_ZONE = """
            $ORIGIN a.example.
            $TTL 300
            @       IN SOA ns hostmaster 1 3600 600 86400 300
            @       IN NS  ns
            ns      IN A   127.0.0.53
            mail    IN CNAME mx.b.example.
            local   IN CNAME host
            host    IN AAAA 2001:db8::5
            away    IN CNAME nothing.b.example.
            loop    IN CNAME loop.b.example.
            """;
    private static final String B_ZONE = """
            $ORIGIN b.example.
            $TTL 300
            @       IN SOA ns hostmaster 1 3600 600 86400 300
            @       IN NS  ns
            ns      IN A   127.0.0.54
            mx      IN A   192.0.2.25
            loop    IN CNAME loop.a.example.
            """;

    private TestDnsServer server;
    private LiveDnsLookup dns;

    @BeforeEach
    void start() throws Exception {
        server = TestDnsServer.start(A_ZONE, B_ZONE);
        dns = LiveDnsLookup.create(List.of(server.address()), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DnsAnswer ask(String name, RecordType type) {
        return dns.lookup(name, type).toCompletableFuture().join();
    }

    @Test
    void answersNodataAndNxdomainAreTold() {
        DnsAnswer aaaa = ask("host.a.example", RecordType.AAAA);
        assertEquals(DnsStatus.OK, aaaa.status());
        assertEquals(List.of("2001:db8::5"), aaaa.data());
        assertEquals(DnsStatus.NODATA, ask("host.a.example", RecordType.A).status());
        assertEquals(DnsStatus.NXDOMAIN, ask("nobody.a.example", RecordType.A).status());
        assertEquals(DnsStatus.ERROR, ask("bad name.a.example", RecordType.A).status());
    }

    @Test
    void rcodesAndSilenceAreFailuresNotAnswers() {
        server.failWith("host.a.example", Rcode.SERVFAIL);
        assertEquals(DnsStatus.SERVFAIL, ask("host.a.example", RecordType.AAAA).status());
        server.failWith("host.a.example", Rcode.REFUSED);
        assertEquals(DnsStatus.REFUSED, ask("host.a.example", RecordType.AAAA).status());
        server.heal();
        server.drop("host.a.example");
        DnsAnswer silent = new LiveDnsLookup(server.resolver(), Duration.ofMillis(300))
                .lookup("host.a.example", RecordType.AAAA).toCompletableFuture().join();
        assertEquals(DnsStatus.TIMEOUT, silent.status());
        assertTrue(silent.status().isFailure());
    }

    @Test
    void chainInsideOneAnswer() {
        DnsAnswer a = ask("local.a.example", RecordType.AAAA);
        assertEquals(List.of("host.a.example"), a.cnameChain());
        assertEquals(List.of("2001:db8::5"), a.data());
    }

    @Test
    void chainEndingOutsideTheAnswerIsFollowedByAskingAgain() {
        long before = server.queryCount();
        DnsAnswer a = ask("mail.a.example", RecordType.A);
        assertEquals(DnsStatus.OK, a.status());
        assertEquals(List.of("mx.b.example"), a.cnameChain());
        assertEquals(List.of("192.0.2.25"), a.data());
        assertEquals(2, server.queryCount() - before, "one query for the alias, one for its end");
        assertEquals(DnsStatus.NXDOMAIN, ask("away.a.example", RecordType.A).status());
    }

    @Test
    void chainLoopingAcrossZonesEndsAsAnError() {
        DnsAnswer a = ask("loop.a.example", RecordType.A);
        assertEquals(DnsStatus.ERROR, a.status());
        assertTrue(a.detail().contains("CNAME"), a.detail());
    }
}
