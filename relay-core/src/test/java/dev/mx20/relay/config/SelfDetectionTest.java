package dev.mx20.relay.config;

import dev.mx20.relay.delivery.DeliverySettings;
import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.delivery.route.Route;
import dev.mx20.relay.delivery.route.RouteResolver;
import dev.mx20.relay.testdns.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the relay recognises itself in MX lists, from the configuration file's point of view (RFC 5321 §5.1:
 * drop every MX at or above the relay's own preference). The settings are Postfix's: {@code myhostname} (plus
 * {@code smtp_own_names}) by name, {@code inet_interfaces} (with {@code all} = every interface address) and
 * {@code proxy_interfaces} by address. Real DNS traffic ({@link TestDnsServer}); nothing is ever connected to:
 * the primary is the documentation address 2001:db8::1.
 */
class SelfDetectionTest {
    private static final String ZONE = """
            $ORIGIN example.net.
            $TTL 300
            @         IN SOA ns1 hostmaster 1 3600 600 86400 300
            @         IN NS  ns1
            ns1       IN A   127.0.0.53
            primary   IN AAAA 2001:db8::1
            relay     IN A    127.0.0.1
            other     IN A    127.0.0.1
            public    IN A    192.0.2.1
            backup3   IN A    198.51.100.3
            ; the issue's pattern: the relay is MX 20, by its own name
            byname    IN MX 10 primary
            byname    IN MX 20 relay
            ; the relay is MX 20 under a name it does not know, but with its listening address
            byaddr    IN MX 10 primary
            byaddr    IN MX 20 other
            byaddr    IN MX 30 backup3
            ; behind NAT: MX 20 resolves to the public address in proxy_interfaces
            nat       IN MX 10 primary
            nat       IN MX 20 public
            nat       IN MX 30 backup3
            ; misconfigured: the relay is MX 10 next to the primary
            equal     IN MX 10 primary
            equal     IN MX 10 relay
            equaladdr IN MX 10 primary
            equaladdr IN MX 10 other
            ; misconfigured: the relay is the best MX
            best      IN MX 5  relay
            best      IN MX 10 primary
            ; the relay is not listed: everything stays
            foreign   IN MX 10 primary
            foreign   IN MX 20 backup3
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

    private DeliverySettings settings(String... extra) {
        RelayConfig.Builder b = RelayConfig.builder()
                .set("myhostname", "relay.example.net")
                .set("inet_interfaces", "127.0.0.1")
                .set("proxy_interfaces", "192.0.2.1")
                .set("dns_servers", dns.address().getAddress().getHostAddress() + ":" + dns.port());
        for (int i = 0; i < extra.length; i += 2) {
            b.set(extra[i], extra[i + 1]);
        }
        return b.build().deliverySettings();
    }

    private static Route resolve(DeliverySettings s, String domain, long seed) {
        return new RouteResolver(s, LiveDnsLookup.create(s.dnsServers(), s.dnsTimeout()), new Random(seed)).resolve(domain);
    }

    private static List<String> hosts(Route r) {
        assertInstanceOf(Route.Targets.class, r, () -> "expected targets, got " + r);
        return ((Route.Targets) r).targets().stream().map(t -> t.host() + "/" + t.address().getHostAddress()).toList();
    }

    @Test
    void theRelayAtMx20ForwardsOnlyToMx10() {
        DeliverySettings s = settings();
        List<String> primaryOnly = List.of("primary.example.net/2001:db8:0:0:0:0:0:1");
        assertEquals(primaryOnly, hosts(resolve(s, "byname.example.net", 1)), "by myhostname");
        assertEquals(primaryOnly, hosts(resolve(s, "byaddr.example.net", 1)), "by inet_interfaces address");
        assertEquals(primaryOnly, hosts(resolve(s, "nat.example.net", 1)), "by proxy_interfaces address");
        assertEquals(List.of("primary.example.net/2001:db8:0:0:0:0:0:1", "backup3.example.net/198.51.100.3"),
                hosts(resolve(s, "foreign.example.net", 1)), "a domain that does not list the relay keeps its MX list");
    }

    @Test
    void withoutItsAddressesTheRelayWouldForwardToItself() {
        // The control for the test above: with another listening address the MX 20 host is just another host.
        DeliverySettings s = settings("inet_interfaces", "127.0.0.2", "proxy_interfaces", "");
        assertEquals(3, hosts(resolve(s, "byaddr.example.net", 1)).size());
        assertEquals(3, hosts(resolve(s, "nat.example.net", 1)).size());
    }

    @Test
    void theRelayListedAtThePrimarysPreferenceLoopsBackToItself() {
        DeliverySettings s = settings();
        // Equal preferences are shuffled: whichever comes first, the mail must not go to the "other" MX 10,
        // because the relay cannot tell which of two equal MX hosts is the better one (Postfix: same answer).
        for (long seed = 0; seed < 16; seed++) {
            for (String domain : List.of("equal.example.net", "equaladdr.example.net", "best.example.net")) {
                Route r = resolve(s, domain, seed);
                assertInstanceOf(Route.Failure.class, r, () -> domain + ": expected a loop, got " + r);
                Route.Failure f = (Route.Failure) r;
                assertTrue(f.permanent(), f::toString);
                assertEquals("5.4.6", f.status());
                assertEquals("mail for " + domain + " loops back to myself", f.diagnostic());
            }
        }
    }

    @Test
    void smtpOwnNamesAddsNames() {
        DeliverySettings s = settings("inet_interfaces", "127.0.0.2", "proxy_interfaces", "",
                "smtp_own_names", "other.example.net");
        assertEquals(List.of("primary.example.net/2001:db8:0:0:0:0:0:1"), hosts(resolve(s, "byaddr.example.net", 1)));
    }

    @Test
    void inetInterfacesAllMeansEveryInterfaceAddressAsInPostfix() throws Exception {
        DeliverySettings s = settings("inet_interfaces", "all", "proxy_interfaces", "");
        assertTrue(s.ownAddresses().contains(InetAddress.getByName("127.0.0.1")), s.ownAddresses()::toString);
        assertEquals(OwnAddresses.localInterfaceAddresses(), s.ownAddresses());
        assertEquals(List.of("primary.example.net/2001:db8:0:0:0:0:0:1"), hosts(resolve(s, "byaddr.example.net", 1)));
    }

    @Test
    void ownAddressesAreInetThenProxyInterfaces() throws Exception {
        assertEquals(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("2001:db8::20"),
                        InetAddress.getByName("192.0.2.1")),
                List.copyOf(OwnAddresses.of(List.of("127.0.0.1", "2001:db8::20"), List.of("192.0.2.1", "127.0.0.1"))));
    }
}
