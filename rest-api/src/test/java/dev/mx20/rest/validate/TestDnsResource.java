package dev.mx20.rest.validate;

import dev.mx20.relay.testdns.LyingDnsProxy;
import dev.mx20.relay.testdns.SignedZone;
import dev.mx20.relay.testdns.TestDnsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.xbill.DNS.Rcode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the relay-core test zones (relay-core's test-jar) on a loopback port and points the service's live
 * resolver at it: live-mode tests exercise real DNS traffic, and nothing leaves the machine. The service asks
 * through a {@link LyingDnsProxy}: honest for every name except those under {@code <lie>.lie.example}, which
 * get that lie (wrong ID, wrong question, truncated, garbage, SERVFAIL, REFUSED, silence, another source).
 */
public class TestDnsResource implements QuarkusTestResourceLifecycleManager {
    private static final String SCENARIOS = "/dev/mx20/relay/validate/scenarios/_common/";
    private static final String SURVEY = "/dev/mx20/relay/validate/readiness/";
    /** A signed zone with TLSA for both MX, for the DNSSEC tests; its DS is passed as mx20.test.dane-anchor. */
    static final String DANE_ZONE = """
            $ORIGIN dane.example.
            $TTL 300
            @        IN SOA   ns1 hostmaster 1 3600 600 86400 300
            @        IN NS    ns1
            @        IN MX    10 v6only
            @        IN MX    20 relay
            ns1      IN AAAA  2001:db8::53
            v6only   IN AAAA  2001:db8::1
            relay    IN A     192.0.2.1
            relay    IN AAAA  2001:db8::20
            _25._tcp.v6only IN TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            _25._tcp.relay  IN TLSA 3 1 1 fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210
            """;
    private TestDnsServer dns;
    private LyingDnsProxy liar;

    @Override
    public Map<String, String> start() {
        SignedZone dane;
        try {
            dane = SignedZone.sign(DANE_ZONE);
            dns = TestDnsServer.start(
                    dane.masterFile(),
                    TestDnsServer.resource(TestDnsResource.class, SCENARIOS + "example.com.db"),
                    TestDnsServer.resource(TestDnsResource.class, SCENARIOS + "2.0.192.in-addr.arpa.db"),
                    TestDnsServer.resource(TestDnsResource.class, SCENARIOS + "8.b.d.0.1.0.0.2.ip6.arpa.db"),
                    TestDnsServer.resource(TestDnsResource.class, SURVEY + "survey.example.db"),
                    TestDnsServer.resource(TestDnsResource.class, "/dev/mx20/relay/testdns/lie.example.db"));
            liar = LyingDnsProxy.start(dns.address());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dns.failWith("mx.broken.survey.example", Rcode.SERVFAIL);
        dns.drop("silent.survey.example");
        return Map.of(
                "mx20.test.dane-anchor", dane.dsAnchor(),
                "mx20.validate.dns.servers", "127.0.0.1:" + liar.port(),
                // One setting serves the lookups that are answered (honest, SERVFAIL, REFUSED, TRUNCATED then TCP) and
                // those that end in a time-out (the other lies, silent.survey.example): generous, so that an answer
                // delayed by a GC pause or a loaded machine is never taken for a time-out; the silent cases wait 5 s.
                "mx20.validate.dns.timeout", "5s",
                // the budget bounds a validation whose lookups time out (the silent lies run until it is spent);
                // the TRUNCATED lie's validation (every lookup answered over TCP, all lies validated side by side,
                // < 1 s on a quiet machine) must finish inside it: 15 s, not a tight 8 s
                "mx20.validate.budget", "15s",
                // above the lookup time-out, so a silent domain reports the lookup's TIMEOUT, not this deadline
                "mx20.readiness.domain-deadline", "15s",
                "mx20.readiness.batch.max-domains", "1000");
    }

    @Override
    public void stop() {
        if (liar != null) {
            liar.close();
        }
        if (dns != null) {
            dns.close();
        }
    }
}
