package dev.mx20.relay.delivery;

import dev.mx20.relay.tools.ClosedPort;
import dev.mx20.relay.delivery.RecipientOutcome.Result;
import dev.mx20.relay.testdns.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Rcode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failure paths of one delivery that {@code SmtpDeliveryAgentTest} leaves out, each against the rule it must
 * follow (RFC 5321 §4.2.1, §4.5.4.1, §5.1; RFC 3974 §3): a 4xx or 5xx at each SMTP stage, 552 at RCPT, a
 * connection refused on one family only, SERVFAIL and a DNS timeout at the agent level. The whole list, with the
 * test for each path, is in docs/relay-delivery.md ("Failure paths").
 */
@Timeout(60)
class DeliveryFailurePathsTest {
    private static final String ZONE = """
            $ORIGIN example.com.
            $TTL 300
            @        IN SOA ns1 hostmaster 1 3600 600 86400 300
            @        IN NS  ns1
            ns1      IN A   127.0.0.53
            v6only   IN MX  10 primary.v6only
            primary.v6only IN AAAA ::1
            dual     IN MX  10 mx.dual
            mx.dual  IN AAAA ::1
            mx.dual  IN A    127.0.0.1
            """;

    @TempDir
    Path dir;
    private DeliveryTestBed bed;
    private TestDnsServer dns;

    @BeforeEach
    void start() throws IOException {
        // 5 s: a lookup the test server answers must never time out, however busy the machine; the one test that
        // waits for a DNS timeout shortens it for that agent only.
        bed = new DeliveryTestBed(ZONE, Duration.ofSeconds(5), dir);
        dns = bed.dns();
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private FakeSmtpServer server(String bind, int port) throws IOException {
        return bed.server(bind, port);
    }

    private SmtpDeliveryAgent agent(int port, Consumer<DeliverySettings.Builder> tweak) {
        return bed.agent(port, tweak);
    }

    private OutboundMessage simple(String... rcpts) throws IOException {
        return bed.simple(rcpts);
    }

    /**
     * One negative reply at one stage; everything else accepted. 4xx: deferred with that reply (RFC 5321
     * §4.2.1: transient); 5xx: failed with it, so a DSN follows (§4.2.1, §6.1), except 552 at RCPT (§4.5.3.1.10).
     */
    @ParameterizedTest(name = "{1} to {0} -> {2}")
    @CsvSource({
            "MAIL, 451 4.3.0 queue file write error, DEFERRED, 4.3.0",
            "MAIL, 553 5.7.1 sender rejected, FAILED, 5.7.1",
            "RCPT, 450 4.2.1 mailbox busy, DEFERRED, 4.2.1",
            "RCPT, 550 5.1.1 no such user, FAILED, 5.1.1",
            "RCPT, 552 5.2.2 mailbox full, DEFERRED, 4.2.2",
            "DATA, 451 4.3.0 try again, DEFERRED, 4.3.0",
            "DATA, 554 5.5.1 no valid recipients, FAILED, 5.5.1",
            "END, 452 4.3.1 insufficient system storage, DEFERRED, 4.3.1",
            "END, 552 5.3.4 message too big for the next hop, FAILED, 5.3.4",
            "END, 554 5.6.0 content rejected, FAILED, 5.6.0"})
    void eachStageGetsTheRightOutcome(String stage, String reply, Result expected, String status) throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        if (stage.equals("END")) {
            v6.endOfData(reply);
        } else {
            v6.on(c -> c.startsWith(stage) ? reply : null);
        }
        RecipientOutcome o = agent(v6.port(), b -> { }).deliver(simple("u@v6only.example.com")).get(0);
        assertEquals(expected, o.result(), o.toString());
        assertEquals(status, o.status(), o.toString());
        assertEquals(Integer.parseInt(reply.substring(0, 3)), o.replyCode(), "the server's own reply is kept");
        assertTrue(v6.bodies().isEmpty() || stage.equals("END"), "no body after a refusal before DATA ends");
    }

    @Test
    void a552ToSomeRecipientsIsTheOldTooManyRecipientsAndTheRestGoInANewTransaction() throws Exception {
        int[] rcpts = {0};
        FakeSmtpServer v6 = server("::1", 0).on(c -> {
            if (c.startsWith("MAIL")) {
                rcpts[0] = 0;
            }
            return c.startsWith("RCPT") && ++rcpts[0] > 2 ? "552 5.5.3 too many recipients" : null;
        });
        List<RecipientOutcome> out = agent(v6.port(), b -> { }).deliver(simple("a@v6only.example.com",
                "b@v6only.example.com", "c@v6only.example.com"));
        assertTrue(out.stream().allMatch(o -> o.result() == Result.DELIVERED), out.toString());
        assertEquals(2, v6.bodies().size(), "2 + 1 recipients");
    }

    @Test
    void ipv6RefusedThenIpv4TakesIt() throws Exception {
        // RFC 3974 §3 / RFC 5321 §5.1: every address of the host, both families, before giving up.
        FakeSmtpServer v4 = server("127.0.0.1", 0); // nothing listens on [::1] at this port: refused
        RecipientOutcome o = agent(v4.port(), b -> { }).deliver(simple("u@dual.example.com")).get(0);
        assertEquals(Result.DELIVERED, o.result(), o.toString());
        assertEquals("127.0.0.1", o.remoteAddress());
    }

    @Test
    void ipv4RefusedThenIpv6TakesItWhenIpv4IsPreferred() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        RecipientOutcome o = agent(v6.port(), b -> b.addressPreference(AddressPreference.IPV4))
                .deliver(simple("u@dual.example.com")).get(0);
        assertEquals(Result.DELIVERED, o.result(), o.toString());
        assertEquals("0:0:0:0:0:0:0:1", o.remoteAddress());
    }

    @Test
    void refusedOnEveryAddressOfBothFamiliesDefers() throws Exception {
        // held on both families until the end: refused, and no other process can start listening there meanwhile
        try (ClosedPort closed = ClosedPort.on("127.0.0.1", "::1")) {
            RecipientOutcome o = agent(closed.port(), b -> { }).deliver(simple("u@dual.example.com")).get(0);
            assertEquals(Result.DEFERRED, o.result());
            assertEquals("4.4.1", o.status());
            assertNull(o.remoteAddress(), "nobody answered");
        }
    }

    @Test
    void servfailAndDnsTimeoutDeferWhileNxdomainFails() throws Exception {
        // RFC 5321 §5.1: only a definite "no such domain" is permanent; a resolver's failure is not.
        dns.failWith("dual.example.com", Rcode.SERVFAIL);
        RecipientOutcome servfail = agent(25, b -> { }).deliver(simple("u@dual.example.com")).get(0);
        assertEquals(Result.DEFERRED, servfail.result(), servfail.toString());
        assertEquals("4.4.3", servfail.status());
        dns.heal();
        dns.drop("dual.example.com");
        RecipientOutcome timeout = agent(25, b -> b.dnsTimeout(Duration.ofMillis(500)))
                .deliver(simple("u@dual.example.com")).get(0);
        assertEquals(Result.DEFERRED, timeout.result(), timeout.toString());
        assertEquals("4.4.3", timeout.status());
        RecipientOutcome nx = agent(25, b -> { }).deliver(simple("u@nowhere.example.com")).get(0);
        assertEquals(Result.FAILED, nx.result(), nx.toString());
        assertEquals("5.1.2", nx.status());
    }
}
