package dev.mx20.relay;

import dev.mx20.relay.tools.ClosedPort;
import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.spool.SpooledMessage;
import dev.mx20.relay.testdns.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole relay, real SMTP in and real DNS, for a domain whose MX list is misconfigured so that the relay is
 * MX 10 next to the primary: the mail must come back to its sender as Postfix returns it ("mail for X loops back
 * to myself", 5.4.6), and must not be forwarded to the other MX 10 nor to itself.
 */
class MxRelayLoopTest {
    @TempDir
    Path dir;
    private TestDnsServer dns;
    private MxRelay relay;
    private ClosedPort closedPort;

    @AfterEach
    void stop() throws java.io.IOException {
        if (relay != null) {
            relay.close();
        }
        if (closedPort != null) {
            closedPort.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void mailForADomainListingTheRelayAtThePrimarysPreferenceBouncesWith546() throws Exception {
        RelayConfig config = loopSetup();
        relay = MxRelay.builder(config).build();
        relay.start();
        String reply = SmtpSubmit.send(relay.smtpAddresses().get(0), "alice@sender.example.net", "",
                "bob@loop.example.net", "", "Subject: loop\n\nhello\n");
        assertTrue(reply.startsWith("250 2.0.0"), reply);

        SpooledMessage dsn = waitForDsn();
        assertEquals("alice@sender.example.net", dsn.recipients().get(0).address());
        String text = Files.readString(dsn.content());
        assertTrue(text.contains("Status: 5.4.6"), text);
        assertTrue(text.contains("mail for loop.example.net loops back to myself"), text);

        BounceReport report = BounceAnalyzer.create().analyze(Files.readAllBytes(dsn.content()));
        assertEquals(Action.FAILED, report.recipients().get(0).action());
        assertEquals("5.4.6", report.recipients().get(0).status());
        assertEquals("bob@loop.example.net", report.recipients().get(0).finalRecipient());
    }

    /**
     * The relay's own DNS lookup (pooled UDP sockets and their event-loop thread) is made by start() and closed by
     * close(): nothing stays open after close, and a relay started again resolves with a fresh one.
     */
    @Test
    void closeReleasesTheRelaysDnsSocketsAndARestartResolvesAgain() throws Exception {
        RelayConfig config = loopSetup();
        // The threads that exist now (another relay of this JVM may still be winding down its own) are not counted:
        // only the ones this relay starts, by identity, so a thread of someone else ending meanwhile changes nothing.
        Set<Thread> before = dnsReceiverThreads();
        relay = MxRelay.builder(config).build();
        for (int round = 1; round <= 2; round++) {
            relay.start();
            String reply = SmtpSubmit.send(relay.smtpAddresses().get(0), "alice@sender.example.net", "",
                    "bob@loop.example.net", "", "Subject: loop " + round + "\n\nhello\n");
            assertTrue(reply.startsWith("250 2.0.0"), reply);
            waitForDsn(); // the loop was found: the MX lookup went through the relay's own DNS sockets
            Set<Thread> ours = dnsReceiverThreads();
            ours.removeAll(before);
            assertFalse(ours.isEmpty(), "the relay's lookups use pooled sockets");
            relay.close();
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ours.stream().anyMatch(Thread::isAlive) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(List.of(), ours.stream().filter(Thread::isAlive).toList(),
                    "round " + round + ": DNS sockets left open after close()");
            Files.walk(dir.resolve("spool")).filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches("[0-9A-F]+\\.(env|eml)"))
                    .forEach(f -> f.toFile().delete()); // next round starts with an empty queue
        }
        relay = null;
    }

    /**
     * Starts the test DNS with a domain whose MX list puts the relay (mx-b, 127.0.0.1) at the primary's preference,
     * and returns the relay's settings. The sender's server is down (nothing listens on the relay's SMTP port), so
     * a DSN stays queued for inspection.
     */
    private RelayConfig loopSetup() throws Exception {
        dns = TestDnsServer.start(InetAddress.getByName("127.0.0.1"), """
                $ORIGIN example.net.
                @        300 IN SOA ns1 hostmaster 1 3600 600 86400 300
                @        300 IN NS  ns1
                ns1      300 IN A   127.0.0.1
                loop     300 IN MX  10 primary
                loop     300 IN MX  10 mx-b
                primary  300 IN AAAA 2001:db8::1
                mx-b     300 IN A   127.0.0.1
                sender   300 IN MX  10 mx.sender
                mx.sender 300 IN A  127.0.0.3
                """);
        // held until the test ends: refused, and no other process can start listening there meanwhile
        closedPort = ClosedPort.on("127.0.0.1");
        return RelayConfig.builder()
                .set("myhostname", "relay.example.net")
                .set("inet_interfaces", "127.0.0.1")
                .set("smtpd_port", "0")
                .set("queue_directory", dir.resolve("spool").toString())
                .set("dns_servers", "127.0.0.1:" + dns.port())
                .set("smtp_port", Integer.toString(closedPort.port()))
                .set("smtp_connect_timeout", "2s")
                .set("smtp_tls_security_level", "none")
                .build();
    }

    private static Set<Thread> dnsReceiverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("dns-udp-"))
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    private SpooledMessage waitForDsn() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            // The DSN is spooled before the original leaves the queue (never lose one): wait for both.
            List<SpooledMessage> q = relay.listQueue();
            if (q.size() == 1 && q.get(0).sender().isEmpty()) {
                return q.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no DSN within 20 s; queue: " + relay.listQueue());
    }
}
