package dev.mx20.relay.e2e;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.relay.MxRelay;
import dev.mx20.relay.config.ConfigFile;
import dev.mx20.relay.spool.SpooledMessage;
import dev.mx20.relay.tools.ExternalTool;
import dev.mx20.relay.tools.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The relay in its intended topology, on loopback: an IPv4 sender (swaks on 127.0.0.1) reaches MX 20 (the relay),
 * which forwards over IPv6 to MX 10 (smtp-sink on ::1 only), with a real DNS server (dnsjava) in between.
 * Skipped when swaks or smtp-sink is missing ({@code .ci/run} installs both).
 */
class RelayEndToEndTest {
    @TempDir
    Path dir;
    private Topology world;
    private MxRelay relay;
    private Path swaks;
    private Path smtpSink;
    private final List<SmtpSink> sinks = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        swaks = ExternalTool.find("swaks").orElse(null);
        smtpSink = ExternalTool.find("smtp-sink").orElse(null);
        assumeTrue(swaks != null && smtpSink != null,
                "swaks and postfix's smtp-sink are needed (apt-get install swaks postfix); .ci/run installs them");
        assumeTrue(Topology.hasIpv6Loopback(), "no IPv6 loopback (::1) on this host");
        world = Topology.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (relay != null) {
            relay.close();
        }
        for (SmtpSink s : sinks) {
            s.close();
        }
        if (world != null) {
            world.close();
        }
    }

    private void startRelay(String... extra) throws Exception {
        relay = MxRelay.builder(ConfigFile.parse(List.of(world.config(dir, extra).split("\n")), "e2e.cf")).build();
        relay.start();
    }

    private SmtpSink sink(String host, String... options) throws Exception {
        SmtpSink s = SmtpSink.start(smtpSink, host, world.smtpPort, options);
        sinks.add(s);
        return s;
    }

    private ExternalTool.Result send(String from, String to, String subject) throws Exception {
        return ExternalTool.run(List.of(swaks.toString(), "--server", "127.0.0.1", "--port",
                Integer.toString(world.relayPort), "--helo", "ipv4-only.sender.example", "--from", from, "--to", to,
                "--header", "Subject: " + subject), 60);
    }

    @Test
    void ipv4SenderReachesTheIpv6OnlyPrimaryThroughTheRelay() throws Exception {
        SmtpSink primary = sink(Topology.PRIMARY);
        startRelay();
        ExternalTool.Result r = send("someone@sender.example", "alice@example.com", "over ipv6");
        assertEquals(0, r.exitCode(), r.output());
        String got = waitForOne(primary, "over ipv6");
        assertTrue(got.contains("X-Client-Addr: ipv6:::1"), "delivered over IPv6:\n" + got);
        assertTrue(got.contains("X-Rcpt-Args: <alice@example.com>"), got);
        assertTrue(got.contains("by relay.example.com (mx20)"), "the relay's Received field:\n" + got);
        assertTrue(got.contains("from ipv4-only.sender.example ([127.0.0.1])"), got);
        waitUntil(() -> relay.listQueue().isEmpty());
    }

    @Test
    void unknownRecipientAndForeignDomainAreRefusedAtRcpt() throws Exception {
        SmtpSink primary = sink(Topology.PRIMARY);
        startRelay();
        ExternalTool.Result unknown = send("someone@sender.example", "mallory@example.com", "unknown");
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.output().contains("550 5.1.1"), unknown.output());
        ExternalTool.Result foreign = send("someone@sender.example", "victim@elsewhere.example", "relay test");
        assertTrue(foreign.output().contains("554 5.7.1"), foreign.output());
        assertTrue(relay.listQueue().isEmpty());
        assertTrue(primary.messages().isEmpty());
    }

    @Test
    void primaryDownMailIsQueuedAndDeliveredWhenItIsBack() throws Exception {
        startRelay();
        ExternalTool.Result r = send("someone@sender.example", "bob@example.com", "while down");
        assertEquals(0, r.exitCode(), r.output());
        waitUntil(() -> relay.listQueue().size() == 1 && relay.listQueue().get(0).attempts() >= 1);
        SpooledMessage deferred = relay.listQueue().get(0);
        assertTrue(deferred.nextAttempt().isAfter(deferred.arrival().plus(Duration.ofMinutes(30))), "backoff applied");
        assertEquals("DEFERRED", deferred.lastOutcomes().get(0).result().name());

        SmtpSink primary = sink(Topology.PRIMARY);
        assertEquals(1, relay.flushQueue());
        String got = waitForOne(primary, "while down");
        assertTrue(got.contains("X-Client-Addr: ipv6:::1"), got);
        waitUntil(() -> relay.listQueue().isEmpty());
    }

    @Test
    void permanentRejectReturnsADsnToTheSenderThatDsnCoreUnderstands() throws Exception {
        sink(Topology.PRIMARY, "-f", "RCPT", "-B", "550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown");
        SmtpSink senderMx = sink(Topology.SENDER_MX);
        startRelay();
        ExternalTool.Result r = send("someone@sender.example", "alice@example.com", "will bounce");
        assertEquals(0, r.exitCode(), r.output());
        String dsn = waitForOne(senderMx, "Undelivered Mail Returned to Sender");
        assertTrue(dsn.contains("X-Mail-Args: <>"), "DSN comes from the null sender:\n" + dsn);
        assertTrue(dsn.contains("X-Rcpt-Args: <someone@sender.example>"), dsn);
        assertTrue(dsn.contains("X-Client-Addr: 127.0.0.2") || dsn.contains("X-Client-Addr: 127.0.0.1"),
                "delivered over IPv4 to the IPv4-only sender:\n" + dsn);

        // The relay's own DSN, read back by dsn-core as any bounce would be.
        String message = dsn.substring(dsn.indexOf("Received:"));
        BounceReport report = BounceAnalyzer.create().analyze(message.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, report.recipients().size(), report.toString());
        RecipientReport rr = report.recipients().get(0);
        assertTrue(rr.finalRecipient().contains("alice@example.com"), rr.toString());
        assertEquals("5.1.1", rr.status(), rr.toString());
        assertEquals(dev.mx20.dsn.model.Action.FAILED, rr.action(), rr.toString());
        assertEquals(dev.mx20.dsn.taxonomy.Permanence.PERMANENT, rr.classification().permanence(), rr.toString());
        assertEquals(dev.mx20.dsn.taxonomy.Category.USERUNKNOWN, rr.classification().category(), rr.toString());
        waitUntil(() -> relay.listQueue().isEmpty());
    }

    private static String waitForOne(SmtpSink sink, String marker) throws Exception {
        String[] found = new String[1];
        waitUntil(() -> {
            for (String m : sink.messages()) {
                if (m.contains(marker)) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check c) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(100);
        }
    }
}
