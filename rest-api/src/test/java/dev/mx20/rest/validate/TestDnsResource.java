package dev.mx20.rest.validate;

import dev.mx20.relay.testdns.TestDnsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.xbill.DNS.Rcode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the relay-core test zones (relay-core's test-jar) on a loopback port and points the service's live
 * resolver at it: live-mode tests exercise real DNS traffic, and nothing leaves the machine.
 */
public class TestDnsResource implements QuarkusTestResourceLifecycleManager {
    private static final String SCENARIOS = "/dev/mx20/relay/validate/scenarios/_common/";
    private static final String SURVEY = "/dev/mx20/relay/validate/readiness/";
    private TestDnsServer dns;

    @Override
    public Map<String, String> start() {
        try {
            dns = TestDnsServer.start(
                    TestDnsServer.resource(TestDnsResource.class, SCENARIOS + "example.com.db"),
                    TestDnsServer.resource(TestDnsResource.class, SCENARIOS + "2.0.192.in-addr.arpa.db"),
                    TestDnsServer.resource(TestDnsResource.class, SCENARIOS + "8.b.d.0.1.0.0.2.ip6.arpa.db"),
                    TestDnsServer.resource(TestDnsResource.class, SURVEY + "survey.example.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dns.failWith("mx.broken.survey.example", Rcode.SERVFAIL);
        dns.drop("silent.survey.example");
        return Map.of(
                "mx20.validate.dns.servers", "127.0.0.1:" + dns.port(),
                "mx20.validate.dns.timeout", "3s",
                "mx20.readiness.domain-deadline", "6s",
                "mx20.readiness.batch.max-domains", "1000");
    }

    @Override
    public void stop() {
        if (dns != null) {
            dns.close();
        }
    }
}
