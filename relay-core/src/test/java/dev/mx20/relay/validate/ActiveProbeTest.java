package dev.mx20.relay.validate;

import dev.mx20.relay.dns.OfflineDnsLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Active probes against real SMTP servers (SubEthaSMTP) on loopback: 127.0.0.1 and ::1 answer, 127.0.0.2 does
 * not. The MX records point only at loopback addresses: no traffic leaves the machine.
 */
class ActiveProbeTest {
    private final List<SMTPServer> servers = new ArrayList<>();
    private final AtomicInteger deliveries = new AtomicInteger();

    private static final List<String> ZONE = List.of(
            "@ IN MX 10 v6only", "@ IN MX 20 relay", "@ IN MX 30 dead",
            "v6only IN AAAA ::1",
            "relay IN A 127.0.0.1", "relay IN AAAA ::1",
            "dead IN A 127.0.0.2");

    @AfterEach
    void stop() {
        servers.forEach(SMTPServer::stop);
    }

    /** Starts servers on 127.0.0.1 and ::1 (same port) that accept the recipients the predicate allows. */
    private int serve(Predicate<String> recipients) throws Exception {
        SMTPServer v4 = server(InetAddress.getByName("127.0.0.1"), 0, recipients);
        int port = v4.getPortAllocated();
        server(InetAddress.getByName("::1"), port, recipients);
        return port;
    }

    private SMTPServer server(InetAddress bind, int port, Predicate<String> recipients) {
        SMTPServer s = SMTPServer.port(port).bindAddress(bind).hostName("relay.probe.example")
                .simpleMessageListener(new SimpleMessageListener() {
                    @Override
                    public boolean accept(String from, String recipient) {
                        return recipients.test(recipient);
                    }

                    @Override
                    public void deliver(String from, String recipient, InputStream data) {
                        deliveries.incrementAndGet();
                    }
                }).build();
        s.start();
        servers.add(s);
        return s;
    }

    private static ValidationReport validate(int port, boolean enabled) {
        return validate(port, enabled, ZONE);
    }

    private static ValidationReport validate(int port, boolean enabled, List<String> zone) {
        RelayConfig config = RelayConfig.builder("probe.example", "v6only.probe.example", "relay.probe.example")
                .recipients(List.of("alice@probe.example", "postmaster@probe.example")).build();
        ProbeOptions probes = new ProbeOptions(enabled, port, Duration.ofSeconds(3), "validator.probe.example");
        return new RelayValidator(OfflineDnsLookup.parse("probe.example", zone), MtaStsPolicySource.none(),
                Duration.ofSeconds(30), probes).validate(config);
    }

    @Test
    void bannersPerFamilyAndARelayThatChecksRecipients() throws Exception {
        Set<String> valid = Set.of("alice@probe.example", "postmaster@probe.example");
        int port = serve(valid::contains);
        ValidationReport r = validate(port, true);
        String all = RelayValidatorScenarioTest.describe(r);
        // 127.0.0.2 has no server
        List<Finding> unreachable = r.withCode(CheckCode.PROBE_MX_UNREACHABLE);
        assertEquals(1, unreachable.size(), all);
        assertEquals("dead.probe.example", unreachable.get(0).subject());
        // ::1 answers for v6only but greets as relay.probe.example
        List<Finding> names = r.withCode(CheckCode.PROBE_GREETING_NAME_MISMATCH);
        assertEquals(1, names.size(), all);
        assertEquals("v6only.probe.example", names.get(0).subject());
        assertTrue(r.passed().containsAll(List.of("PROBE_KNOWN_RECIPIENT_REFUSED", "PROBE_POSTMASTER_REFUSED",
                "PROBE_UNKNOWN_RECIPIENT_ACCEPTED")), all);
        assertEquals(0, deliveries.get(), "a probe never sends a message");
    }

    @Test
    void aRelayAcceptingEveryoneOrRefusingPostmasterIsReported() throws Exception {
        int port = serve(rcpt -> !rcpt.startsWith("postmaster@"));
        ValidationReport r = validate(port, true);
        String all = RelayValidatorScenarioTest.describe(r);
        assertTrue(r.has(CheckCode.PROBE_UNKNOWN_RECIPIENT_ACCEPTED), all);
        assertTrue(r.has(CheckCode.PROBE_POSTMASTER_REFUSED), all);
        assertFalse(r.has(CheckCode.PROBE_KNOWN_RECIPIENT_REFUSED), all);
        assertTrue(r.withCode(CheckCode.PROBE_UNKNOWN_RECIPIENT_ACCEPTED).get(0).evidence().stream()
                .anyMatch(e -> e.startsWith("RCPT TO:<mx20-probe-")), all);
    }

    @Test
    void aRelayRefusingItsOwnRecipientIsReported() throws Exception {
        // the other direction: the list on the relay lost alice, so her mail is refused at the door
        int port = serve(rcpt -> rcpt.startsWith("postmaster@"));
        ValidationReport r = validate(port, true);
        String all = RelayValidatorScenarioTest.describe(r);
        List<Finding> known = r.withCode(CheckCode.PROBE_KNOWN_RECIPIENT_REFUSED);
        assertEquals(1, known.size(), all);
        assertTrue(known.get(0).evidence().stream().anyMatch(e -> e.contains("alice@probe.example")), all);
        assertFalse(r.has(CheckCode.PROBE_UNKNOWN_RECIPIENT_ACCEPTED), all);
        assertFalse(r.has(CheckCode.PROBE_POSTMASTER_REFUSED), all);
        assertTrue(r.passed().contains("PROBE_UNKNOWN_RECIPIENT_ACCEPTED"), all);
    }

    @Test
    void aHostListeningOnIpv4OnlyIsUnreachableOverIpv6() throws Exception {
        // the relay and the primary answer on 127.0.0.1 only: every ::1 address must show, per host, while
        // the IPv4 ones pass; a check per host name would miss that IPv6-only senders cannot connect
        Set<String> valid = Set.of("alice@probe.example", "postmaster@probe.example");
        int port = server(InetAddress.getByName("127.0.0.1"), 0, valid::contains).getPortAllocated();
        ValidationReport r = validate(port, true);
        String all = RelayValidatorScenarioTest.describe(r);
        List<Finding> unreachable = r.withCode(CheckCode.PROBE_MX_UNREACHABLE);
        assertEquals(List.of("v6only.probe.example", "relay.probe.example", "dead.probe.example"),
                unreachable.stream().map(Finding::subject).toList(), all);
        assertTrue(unreachable.get(0).message().contains("::1"), all);
        assertTrue(unreachable.get(1).message().contains("::1"), all);
        assertFalse(unreachable.get(1).message().contains("127.0.0.1"), all);
    }

    @Test
    void theRelaysGreetingIsComparedWithThePtrOfEachAddress() throws Exception {
        // 127.0.0.1's PTR is the greeting name, ::1's is another name: only ::1 is reported
        Set<String> valid = Set.of("alice@probe.example", "postmaster@probe.example");
        int port = serve(valid::contains);
        List<String> zone = new ArrayList<>(ZONE);
        zone.add("1.0.0.127.in-addr.arpa. IN PTR relay.probe.example.");
        zone.add("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa. IN PTR localhost.probe.example.");
        ValidationReport r = validate(port, true, zone);
        String all = RelayValidatorScenarioTest.describe(r);
        List<Finding> notPtr = r.withCode(CheckCode.PROBE_GREETING_NOT_PTR);
        assertEquals(1, notPtr.size(), all);
        assertEquals(Severity.WARNING, notPtr.get(0).severity());
        assertTrue(notPtr.get(0).message().contains("::1") && notPtr.get(0).message().contains("localhost.probe.example"),
                all);
        assertTrue(notPtr.get(0).remedy().contains("IN PTR relay.probe.example."), notPtr.get(0).remedy());

        // without PTR records nothing is compared here (PTR_MISSING is the reverse-DNS check's business)
        ValidationReport noPtr = validate(port, true);
        assertFalse(noPtr.has(CheckCode.PROBE_GREETING_NOT_PTR), RelayValidatorScenarioTest.describe(noPtr));
        assertTrue(noPtr.passed().contains("PROBE_GREETING_NOT_PTR"));
    }

    @Test
    void probesAreOffUnlessEnabled() throws Exception {
        int port = serve(rcpt -> true);
        ValidationReport r = validate(port, false);
        assertTrue(r.findings().stream().noneMatch(f -> f.code().startsWith("PROBE_")));
        assertTrue(r.passed().stream().noneMatch(c -> c.startsWith("PROBE_")));
    }
}
