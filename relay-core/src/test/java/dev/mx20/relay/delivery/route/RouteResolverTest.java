package dev.mx20.relay.delivery.route;

import dev.mx20.relay.delivery.AddressPreference;
import dev.mx20.relay.delivery.DeliverySettings;
import dev.mx20.relay.delivery.Relayhost;
import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.testdns.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every routing case of RFC 5321 §5.1 / RFC 7505 / RFC 3974 against real DNS traffic ({@link TestDnsServer}).
 * Loopback stands in for the two families: {@code ::1} is "the IPv6 address", {@code 127.0.0.x} "the IPv4 one".
 */
class RouteResolverTest {
    private static final String ZONE = """
            $ORIGIN example.com.
            $TTL 300
            @        IN SOA ns1 hostmaster 1 3600 600 86400 300
            @        IN NS  ns1
            ns1      IN A   127.0.0.53
            ; the issue's topology: IPv6-only primary at MX 10, dual-stack relay at MX 20
            @        IN MX  10 primary
            @        IN MX  20 relay
            primary  IN AAAA ::1
            relay    IN A    127.0.0.1
            relay    IN AAAA ::1
            ; a dual-stack primary and a v4-only backup
            dual     IN MX  10 mx1.dual
            dual     IN MX  20 mx2.dual
            mx1.dual IN AAAA ::1
            mx1.dual IN A    127.0.0.1
            mx2.dual IN A    127.0.0.2
            ; equal preferences
            eq       IN MX  10 a.eq
            eq       IN MX  10 b.eq
            eq       IN MX  10 c.eq
            eq       IN MX  20 d.eq
            a.eq     IN A   127.0.1.1
            b.eq     IN A   127.0.1.2
            c.eq     IN A   127.0.1.3
            d.eq     IN A   127.0.1.4
            ; no MX at all: implicit MX
            implicit IN AAAA ::1
            implicit IN A    127.0.0.1
            ; exists, but neither MX nor addresses
            empty    IN TXT "nothing here"
            ; RFC 7505 null MX
            nullmx   IN MX  0 .
            ; MX target behind a CNAME, and a domain that is a CNAME
            cn       IN MX  10 alias.cn
            alias.cn IN CNAME real.cn
            real.cn  IN AAAA ::1
            other    IN CNAME dual
            ; first MX has no addresses at all
            ghost    IN MX  10 nowhere.ghost
            ghost    IN MX  20 mx2.dual
            allghost IN MX  10 nowhere.ghost
            ; broken DNS for the first MX host
            flaky    IN MX  10 broken.flaky
            broken.flaky IN A 127.0.0.7
            ; relay recognised by address (127.0.0.9) at MX 20
            byaddr   IN MX  10 primary
            byaddr   IN MX  20 me.byaddr
            byaddr   IN MX  30 mx2.dual
            me.byaddr IN A  127.0.0.9
            ; the relay is the best MX: mail would loop
            loop     IN MX  10 relay
            ; many dual-stack hosts, for the address cap
            many     IN MX  10 h1.many
            many     IN MX  20 h2.many
            many     IN MX  30 h3.many
            h1.many  IN AAAA ::1
            h1.many  IN A   127.0.2.1
            h2.many  IN AAAA ::1
            h2.many  IN A   127.0.2.2
            h3.many  IN AAAA ::1
            h3.many  IN A   127.0.2.3
            ; CNAME loops
            cloop1   IN CNAME cloop2
            cloop2   IN CNAME cloop1
            mxloop   IN MX 10 cloop1
            ; v4-only destinations
            v6heavy  IN MX  10 mx1.dual
            """;

    private TestDnsServer dns;

    @BeforeEach
    void startDns() throws Exception {
        dns = TestDnsServer.start(ZONE);
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private Route resolve(String domain) {
        return resolve(domain, b -> { });
    }

    private Route resolve(String domain, Consumer<DeliverySettings.Builder> tweak) {
        DeliverySettings.Builder b = DeliverySettings.builder("relay.example.com")
                .dnsServers(List.of(dns.address())).dnsTimeout(Duration.ofMillis(2000)).randomSeed(1L);
        tweak.accept(b);
        DeliverySettings s = b.build();
        return new RouteResolver(s, LiveDnsLookup.create(s.dnsServers(), s.dnsTimeout()), new Random(1)).resolve(domain);
    }

    private static List<String> hostsAndAddresses(Route r) {
        assertInstanceOf(Route.Targets.class, r, () -> "expected targets, got " + r);
        return ((Route.Targets) r).targets().stream()
                .map(t -> t.host() + "/" + t.address().getHostAddress()).toList();
    }

    private static Route.Failure failure(Route r) {
        assertInstanceOf(Route.Failure.class, r, () -> "expected a failure, got " + r);
        return (Route.Failure) r;
    }

    @Test
    void dropsItselfAndEverythingAboveItsOwnPreferenceByName() {
        // The relay (MX 20, named relay.example.com) must only ever forward to MX 10.
        assertEquals(List.of("primary.example.com/0:0:0:0:0:0:0:1"), hostsAndAddresses(resolve("example.com")));
    }

    @Test
    void ordersByPreferenceAndTriesIpv6FirstPerHost() {
        assertEquals(List.of("mx1.dual.example.com/0:0:0:0:0:0:0:1", "mx1.dual.example.com/127.0.0.1",
                "mx2.dual.example.com/127.0.0.2"), hostsAndAddresses(resolve("dual.example.com")));
    }

    @Test
    void ipv4PreferenceReversesFamiliesButKeepsHostOrder() {
        assertEquals(List.of("mx1.dual.example.com/127.0.0.1", "mx1.dual.example.com/0:0:0:0:0:0:0:1",
                        "mx2.dual.example.com/127.0.0.2"),
                hostsAndAddresses(resolve("dual.example.com", b -> b.addressPreference(AddressPreference.IPV4))));
    }

    @Test
    void anyPreferenceStillKeepsEachHostsAddressesTogether() {
        List<String> r = hostsAndAddresses(resolve("dual.example.com", b -> b.addressPreference(AddressPreference.ANY)));
        assertEquals(3, r.size());
        assertTrue(r.get(0).startsWith("mx1.") && r.get(1).startsWith("mx1."));
        assertEquals("mx2.dual.example.com/127.0.0.2", r.get(2));
    }

    @Test
    void ipv4OnlyDestinationDropsIpv6Addresses() {
        assertEquals(List.of("mx1.dual.example.com/127.0.0.1"),
                hostsAndAddresses(resolve("v6heavy.example.com", b -> b.ipv4OnlyDestination("v6heavy.example.com"))));
        // no IPv4 address at all: nothing to try, permanently
        Route.Failure f = failure(resolve("example.com", b -> b.ipv4OnlyDestination("example.com")));
        assertTrue(f.permanent());
        assertEquals("5.4.4", f.status());
    }

    @Test
    void equalPreferencesAreShuffledAndHigherOnesStayLast() {
        Set<String> firsts = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            DeliverySettings s = DeliverySettings.builder("relay.example.com").dnsServers(List.of(dns.address()))
                    .build();
            Route r = new RouteResolver(s, LiveDnsLookup.create(s.dnsServers(), Duration.ofMillis(2000)),
                    new Random(seed)).resolve("eq.example.com");
            List<String> hosts = hostsAndAddresses(r);
            assertEquals(4, hosts.size());
            assertEquals("d.eq.example.com/127.0.1.4", hosts.get(3));
            firsts.add(hosts.get(0));
        }
        assertEquals(3, firsts.size(), "each preference-10 host should come first for some seed: " + firsts);
    }

    @Test
    void sameSeedSameOrder() {
        assertEquals(hostsAndAddresses(resolve("eq.example.com")), hostsAndAddresses(resolve("eq.example.com")));
    }

    @Test
    void implicitMxOnlyWhenThereAreNoMxRecords() {
        assertEquals(List.of("implicit.example.com/0:0:0:0:0:0:0:1", "implicit.example.com/127.0.0.1"),
                hostsAndAddresses(resolve("implicit.example.com")));
        Route.Failure f = failure(resolve("empty.example.com"));
        assertTrue(f.permanent());
        assertEquals("5.4.4", f.status());
    }

    @Test
    void nullMxIsPermanent() {
        Route.Failure f = failure(resolve("nullmx.example.com"));
        assertTrue(f.permanent());
        assertEquals("5.1.10", f.status());
        assertTrue(f.diagnostic().contains("null MX"));
    }

    @Test
    void nxdomainIsPermanent() {
        Route.Failure f = failure(resolve("no-such-domain.example.com"));
        assertTrue(f.permanent());
        assertEquals("5.1.2", f.status());
        assertTrue(f.diagnostic().contains("type=MX"), f.diagnostic());
    }

    @Test
    void servfailIsTransient() {
        dns.failWith("dual.example.com", Rcode.SERVFAIL);
        Route.Failure f = failure(resolve("dual.example.com"));
        assertFalse(f.permanent());
        assertEquals("4.4.3", f.status());
        assertTrue(f.diagnostic().contains("SERVFAIL"), f.diagnostic());
    }

    @Test
    void refusedIsTransient() {
        dns.failWith("dual.example.com", Rcode.REFUSED);
        assertFalse(failure(resolve("dual.example.com")).permanent());
    }

    @Test
    void timeoutIsTransient() {
        dns.drop("dual.example.com");
        Route.Failure f = failure(resolve("dual.example.com"));
        assertFalse(f.permanent());
        assertEquals("4.4.3", f.status());
    }

    @Test
    void followsCnamesForMxTargetsAndForTheDomain() {
        assertEquals(List.of("alias.cn.example.com/0:0:0:0:0:0:0:1"), hostsAndAddresses(resolve("cn.example.com")));
        assertEquals(hostsAndAddresses(resolve("dual.example.com")), hostsAndAddresses(resolve("other.example.com")));
    }

    @Test
    void cnameLoopsEndWithoutAnswer() {
        assertInstanceOf(Route.Failure.class, resolve("cloop1.example.com"));
        assertInstanceOf(Route.Failure.class, resolve("mxloop.example.com"));
    }

    @Test
    void mxHostWithoutAddressesIsSkipped() {
        assertEquals(List.of("mx2.dual.example.com/127.0.0.2"), hostsAndAddresses(resolve("ghost.example.com")));
        Route.Failure f = failure(resolve("allghost.example.com"));
        assertTrue(f.permanent());
        assertEquals("5.4.4", f.status());
        assertTrue(f.diagnostic().contains("nowhere.ghost.example.com"), f.diagnostic());
    }

    @Test
    void addressLookupFailureOfTheOnlyMxIsTransient() {
        dns.failWith("broken.flaky.example.com", Rcode.SERVFAIL);
        Route.Failure f = failure(resolve("flaky.example.com"));
        assertFalse(f.permanent());
        assertEquals("4.4.3", f.status());
    }

    @Test
    void recognisesItselfByAddress() {
        Route r = resolve("byaddr.example.com", b -> b.ownAddress(addr("127.0.0.9")));
        assertEquals(List.of("primary.example.com/0:0:0:0:0:0:0:1"), hostsAndAddresses(r));
        // without knowing its address, the relay would forward to itself and to MX 30
        assertEquals(3, hostsAndAddresses(resolve("byaddr.example.com")).size());
    }

    @Test
    void explicitOwnPreferenceDropsThatPreferenceAndAbove() {
        assertEquals(List.of("mx1.dual.example.com/0:0:0:0:0:0:0:1", "mx1.dual.example.com/127.0.0.1"),
                hostsAndAddresses(resolve("dual.example.com", b -> b.ownPreference(20))));
    }

    @Test
    void mailLoopsWhenTheRelayIsTheBestMx() {
        Route.Failure f = failure(resolve("loop.example.com"));
        assertTrue(f.permanent());
        assertEquals("5.4.6", f.status());
        assertTrue(f.diagnostic().contains("loops back to myself"));
    }

    @Test
    void dnsTroubleForThePrimaryDefersInsteadOfLooping() {
        // MX 10's AAAA lookup fails and MX 20 is the relay: try again later, never bounce.
        dns.failWith("primary.example.com", Rcode.SERVFAIL);
        Route.Failure f = failure(resolve("example.com"));
        assertFalse(f.permanent());
        assertEquals("4.4.3", f.status());
        assertTrue(f.diagnostic().contains("name=primary.example.com type="), f.diagnostic());
    }

    @Test
    void addressCapIsSharedBetweenFamilies() {
        List<String> all = hostsAndAddresses(resolve("many.example.com", b -> b.mxAddressLimit(0)));
        assertEquals(6, all.size());
        List<String> capped = hostsAndAddresses(resolve("many.example.com", b -> b.mxAddressLimit(3)));
        // a plain cut would give ::1, 127.0.2.1, ::1: two IPv6. Balanced: 2 IPv6 + 1 IPv4, order kept.
        assertEquals(List.of("h1.many.example.com/0:0:0:0:0:0:0:1", "h1.many.example.com/127.0.2.1",
                "h2.many.example.com/0:0:0:0:0:0:0:1"), capped);
        List<String> two = hostsAndAddresses(resolve("many.example.com", b -> b.mxAddressLimit(2)));
        assertEquals(List.of("h1.many.example.com/0:0:0:0:0:0:0:1", "h1.many.example.com/127.0.2.1"), two);
    }

    @Test
    void staticRelayhostSkipsMxLookup() {
        Route r = resolve("anything.invalid", b -> b.relayhost(Relayhost.parse("[mx1.dual.example.com]:2525")));
        Route.Targets t = (Route.Targets) r;
        assertEquals("[mx1.dual.example.com]:2525", t.destination());
        assertEquals(List.of("mx1.dual.example.com/0:0:0:0:0:0:0:1", "mx1.dual.example.com/127.0.0.1"),
                hostsAndAddresses(r));
        assertTrue(t.targets().stream().allMatch(x -> x.port() == 2525));
    }

    @Test
    void relayhostWithoutBracketsLooksUpMx() {
        Route r = resolve("anything.invalid", b -> b.relayhost(Relayhost.parse("dual.example.com")));
        assertEquals(3, hostsAndAddresses(r).size());
    }

    @Test
    void relayhostIpLiteralNeedsNoDns() {
        long before = dns.queryCount();
        Route r = resolve("x.example", b -> b.relayhost(Relayhost.parse("[::1]:2525")));
        assertEquals(List.of("::1/0:0:0:0:0:0:0:1"), hostsAndAddresses(r));
        assertEquals(before, dns.queryCount());
    }

    @Test
    void addressLiteralDomains() {
        assertEquals(List.of("[127.0.0.1]/127.0.0.1"), hostsAndAddresses(resolve("[127.0.0.1]")));
        assertEquals(List.of("[ipv6:::1]/0:0:0:0:0:0:0:1"), hostsAndAddresses(resolve("[IPv6:::1]")));
        assertTrue(failure(resolve("[not-an-ip]")).permanent());
    }

    @Test
    void garbageDomainsFailPermanentlyWithoutThrowing() {
        for (String bad : new String[] {"a..b", "x".repeat(300) + ".com", "-", "exa mple.com", "\u0000.com",
                "ä.example", ".", "[]", "[1.2.3]"}) {
            Route r = resolve(bad);
            if (r instanceof Route.Failure f) {
                assertTrue(f.status().matches("[45]\\.\\d\\.\\d+"), bad + " -> " + f);
            }
        }
    }

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
