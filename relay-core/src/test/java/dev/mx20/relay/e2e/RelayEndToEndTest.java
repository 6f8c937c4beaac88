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
        return sinks(new Topology.Sink(host, options)).get(0);
    }

    /** Starts the sinks together, so that they can all move to another port if theirs was taken meanwhile. */
    private List<SmtpSink> sinks(Topology.Sink... wanted) throws Exception {
        List<SmtpSink> started = world.sinks(smtpSink, wanted);
        sinks.addAll(started);
        return started;
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
        SmtpSink senderMx = sinks(new Topology.Sink(Topology.PRIMARY, "-f", "RCPT", "-B",
                        "550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown"),
                new Topology.Sink(Topology.SENDER_MX)).get(1);
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

    // ---- RFC 6533: SMTPUTF8 mail bounces as a global DSN ----------------------------------------------------
    // swaks (20201014) cannot send MAIL FROM ... SMTPUTF8, so the project's own one-message client submits these.
    // Debian's smtp-sink offers 8BITMIME but not SMTPUTF8: the DSN reaches the sender's MX with its UTF-8 parts
    // base64-encoded (RFC 6533 §4), which is what a reader must still understand.

    private String submitUtf8(String fromAndSubject, String body) throws Exception {
        return dev.mx20.relay.SmtpSubmit.send(new java.net.InetSocketAddress("127.0.0.1", world.relayPort),
                "someone@sender.example", " SMTPUTF8 BODY=8BITMIME", "alice@example.com", "",
                "To: alice@example.com\r\n" + fromAndSubject
                        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n");
    }

    @Test
    void utf8MessageRejectedByThePrimaryBouncesAsAGlobalDsn() throws Exception {
        SmtpSink senderMx = sinks(new Topology.Sink(Topology.PRIMARY, "-f", "RCPT", "-B",
                        "550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown"),
                new Topology.Sink(Topology.SENDER_MX)).get(1);
        startRelay();
        // ASCII header (so a server without SMTPUTF8 may take it), UTF-8 body, declared SMTPUTF8 by the client.
        submitUtf8("From: someone@sender.example\r\nSubject: utf8 body will bounce\r\n",
                "Gr\u00fc\u00dfe aus K\u00f6ln, \u4f60\u597d");
        String dsn = waitForOne(senderMx, "Undelivered Mail Returned to Sender");
        assertTrue(dsn.contains("X-Mail-Args: <>"), dsn);
        assertTrue(dsn.contains("report-type=global-delivery-status"), dsn);
        assertTrue(dsn.contains("Content-Type: message/global-delivery-status"), dsn);
        assertTrue(dsn.chars().allMatch(c -> c < 128), "nothing 8-bit to a server without SMTPUTF8:\n" + dsn);

        BounceReport report = BounceAnalyzer.create().analyze(dsn.substring(dsn.indexOf("Received:"))
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(dev.mx20.dsn.model.ReportKind.DSN, report.kind(), report.toString());
        assertEquals(1, report.recipients().size(), report.toString());
        RecipientReport rr = report.recipients().get(0);
        assertEquals("alice@example.com", rr.finalRecipient(), rr.toString());
        assertEquals("5.1.1", rr.status(), rr.toString());
        assertEquals(dev.mx20.dsn.model.Action.FAILED, rr.action(), rr.toString());
        assertEquals(550, rr.diagnostic().replyCode(), rr.toString());
        assertEquals(dev.mx20.dsn.taxonomy.Category.USERUNKNOWN, rr.classification().category(), rr.toString());
        assertEquals("utf8 body will bounce", report.original().subject(), report.toString());
        waitUntil(() -> relay.listQueue().isEmpty());
    }

    @Test
    void utf8HeaderMessageForAPrimaryWithoutSmtputf8BouncesAsAGlobalDsn() throws Exception {
        List<SmtpSink> both = sinks(new Topology.Sink(Topology.PRIMARY), new Topology.Sink(Topology.SENDER_MX));
        SmtpSink primary = both.get(0);
        SmtpSink senderMx = both.get(1);
        startRelay();
        submitUtf8("From: J\u00fcrgen <someone@sender.example>\r\nSubject: Gr\u00fc\u00dfe, \u4f60\u597d\r\n",
                "Hallo");
        String dsn = waitForOne(senderMx, "Undelivered Mail Returned to Sender");
        assertTrue(primary.messages().isEmpty(), "a UTF-8 header never reaches a server without SMTPUTF8");
        assertTrue(dsn.contains("report-type=global-delivery-status"), dsn);
        assertTrue(dsn.replace("\r\n", "\n").contains("Content-Type: message/global-headers\n"
                + "Content-Transfer-Encoding: base64"), "RFC 6533 §4: the UTF-8 headers travel encoded:\n" + dsn);
        assertTrue(dsn.chars().allMatch(c -> c < 128), dsn);
        BounceReport report = BounceAnalyzer.create().analyze(dsn.substring(dsn.indexOf("Received:"))
                .getBytes(StandardCharsets.ISO_8859_1));
        RecipientReport rr = report.recipients().get(0);
        assertEquals("alice@example.com", rr.finalRecipient(), rr.toString());
        assertEquals("5.6.7", rr.status(), "RFC 6531 §3.5 / Postfix: SMTPUTF8 is required: " + rr);
        assertEquals(dev.mx20.dsn.model.Action.FAILED, rr.action(), rr.toString());
        assertEquals("Gr\u00fc\u00dfe, \u4f60\u597d", report.original().subject(),
                "message/global-headers decoded as UTF-8: " + report);
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
