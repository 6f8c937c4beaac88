package dev.mx20.relay.delivery;

import dev.mx20.relay.tools.ClosedPort;
import dev.mx20.relay.delivery.client.ConnectionCache;
import dev.mx20.relay.dns.LiveDnsLookup;

import dev.mx20.relay.delivery.OutboundRecipient.Notify;
import dev.mx20.relay.delivery.RecipientOutcome.Result;
import dev.mx20.relay.testdns.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery end to end on loopback: real DNS ({@link TestDnsServer}) and scripted SMTP servers ({@link FakeSmtpServer})
 * on {@code ::1} (standing in for the IPv6-only primary) and {@code 127.0.0.x} (IPv4).
 */
@Timeout(60)
class SmtpDeliveryAgentTest {
    private static final String ZONE = """
            $ORIGIN example.com.
            $TTL 300
            @        IN SOA ns1 hostmaster 1 3600 600 86400 300
            @        IN NS  ns1
            ns1      IN A   127.0.0.53
            ; v6only: the IPv6-only primary at MX 10, the relay (us) at MX 20
            v6only   IN MX  10 primary.v6only
            v6only   IN MX  20 relay
            primary.v6only IN AAAA ::1
            relay    IN A    127.0.0.1
            ; dual: one dual-stack MX host
            dual     IN MX  10 mx.dual
            mx.dual  IN AAAA ::1
            mx.dual  IN A    127.0.0.1
            ; backup: IPv6 primary, IPv4 backup
            backup   IN MX  10 mx1.backup
            backup   IN MX  20 mx2.backup
            mx1.backup IN AAAA ::1
            mx2.backup IN A  127.0.0.1
            ; three IPv4 hosts for the session limit
            three    IN MX  10 a.three
            three    IN MX  20 b.three
            three    IN MX  30 c.three
            a.three  IN A   127.0.0.1
            b.three  IN A   127.0.0.2
            c.three  IN A   127.0.0.3
            """;

    @TempDir
    Path dir;
    private DeliveryTestBed bed;
    private TestDnsServer dns;

    // DNS timeout 3 s, not 500 ms: no test here waits for a DNS timeout, and on a machine at load 15+ the in-process
    // DNS server sometimes answered after 500 ms, turning an expected DELIVERED into DEFERRED.
    @BeforeEach
    void start() throws IOException {
        bed = new DeliveryTestBed(ZONE, Duration.ofSeconds(3), dir);
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

    private SmtpDeliveryAgent agent(int port) {
        return agent(port, b -> { });
    }

    /** An agent with this session cache ({@code null}: a new session per delivery, ended with QUIT). */
    private SmtpDeliveryAgent agent(int port, ConnectionCache cache) {
        DeliverySettings settings = bed.settings(port).build();
        return new SmtpDeliveryAgent(settings, LiveDnsLookup.create(settings.dnsServers(), settings.dnsTimeout()),
                java.time.Clock.systemUTC(), cache);
    }

    private OutboundMessage message(String content, String sender, OutboundRecipient... rcpts) throws IOException {
        return bed.message(content, sender, rcpts);
    }

    private OutboundMessage simple(String... rcpts) throws IOException {
        return bed.simple(rcpts);
    }

    @Test
    void relayForwardsToTheIpv6OnlyPrimaryAndNeverToItself() throws Exception {
        FakeSmtpServer primary = server("::1", 0);
        FakeSmtpServer relayItself = server("127.0.0.1", primary.port());
        List<RecipientOutcome> out = agent(primary.port()).deliver(simple("user@v6only.example.com"));
        RecipientOutcome o = out.get(0);
        assertEquals(Result.DELIVERED, o.result(), o.toString());
        assertEquals("2.0.0", o.status());
        assertEquals(250, o.replyCode());
        assertEquals("primary.v6only.example.com", o.remoteMta());
        assertEquals("0:0:0:0:0:0:0:1", o.remoteAddress());
        assertEquals(0, relayItself.connections());
        assertEquals(1, primary.bodies().size());
        assertTrue(primary.commands().contains("RCPT TO:<user@v6only.example.com>"));
    }

    @Test
    void triesIpv6FirstThenFallsBackToIpv4OnTheSameHost() throws Exception {
        FakeSmtpServer v4 = server("127.0.0.1", 0); // nothing listens on [::1]:port: IPv6 is refused
        RecipientOutcome o = agent(v4.port()).deliver(simple("user@dual.example.com")).get(0);
        assertEquals(Result.DELIVERED, o.result(), o.toString());
        assertEquals("127.0.0.1", o.remoteAddress());
        assertEquals(1, v4.bodies().size());
    }

    @Test
    void ipv4PreferenceGoesToIpv4First() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        FakeSmtpServer v4 = server("127.0.0.1", v6.port());
        RecipientOutcome o = agent(v6.port(), b -> b.addressPreference(AddressPreference.IPV4))
                .deliver(simple("user@dual.example.com")).get(0);
        assertEquals("127.0.0.1", o.remoteAddress());
        assertEquals(0, v6.connections());
        assertEquals(1, v4.connections());
    }

    @Test
    void eachRecipientGetsItsOwnAnswer() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        v6.on(c -> c.startsWith("RCPT TO:<bad@") ? "550 5.1.1 <bad@dual.example.com>: Recipient address rejected"
                : c.startsWith("RCPT TO:<later@") ? "450-4.2.0 <later@dual.example.com>: Greylisted\r\n"
                + "450 4.2.0 see http://example.com/grey" : null);
        List<RecipientOutcome> out = agent(v6.port()).deliver(
                simple("good@dual.example.com", "bad@dual.example.com", "later@dual.example.com"));
        assertEquals(List.of(Result.DELIVERED, Result.FAILED, Result.DEFERRED),
                out.stream().map(RecipientOutcome::result).toList());
        assertEquals("5.1.1", out.get(1).status());
        assertEquals(550, out.get(1).replyCode());
        assertEquals("5.1.1 <bad@dual.example.com>: Recipient address rejected", out.get(1).diagnostic());
        assertEquals("4.2.0", out.get(2).status());
        assertEquals("4.2.0 <later@dual.example.com>: Greylisted see http://example.com/grey",
                out.get(2).diagnostic());
        assertEquals(List.of("good@dual.example.com", "bad@dual.example.com", "later@dual.example.com"),
                out.stream().map(RecipientOutcome::recipient).toList());
    }

    @Test
    void softRecipientFailureIsRetriedAtTheBackupMx() throws Exception {
        FakeSmtpServer primary = server("::1", 0);
        primary.on(c -> c.startsWith("RCPT") ? "451 4.3.0 try later" : null);
        FakeSmtpServer backup = server("127.0.0.1", primary.port());
        RecipientOutcome o = agent(primary.port()).deliver(simple("u@backup.example.com")).get(0);
        assertEquals(Result.DELIVERED, o.result());
        assertEquals("mx2.backup.example.com", o.remoteMta());
        assertEquals(0, primary.bodies().size());
        assertEquals(1, backup.bodies().size());
    }

    @Test
    void greetingFailuresMoveOnToTheNextAddress() throws Exception {
        for (String greeting : new String[] {"421 4.3.2 Service not available", "554 5.3.2 No SMTP service here"}) {
            FakeSmtpServer v6 = server("::1", 0).greeting(greeting);
            FakeSmtpServer v4 = server("127.0.0.1", v6.port());
            RecipientOutcome o = agent(v6.port()).deliver(simple("u@dual.example.com")).get(0);
            assertEquals(Result.DELIVERED, o.result(), greeting);
            assertEquals("127.0.0.1", o.remoteAddress());
            assertEquals(1, v6.connections());
        }
    }

    @Test
    void allAddressesFailingDefersWithTheLastServerReply() throws Exception {
        FakeSmtpServer v6 = server("::1", 0).greeting("421 4.3.2 busy, go away");
        RecipientOutcome o = agent(v6.port()).deliver(simple("u@dual.example.com")).get(0);
        // ::1 said 421, then 127.0.0.1 refused the connection: the server's words are the better diagnostic
        assertEquals(Result.DEFERRED, o.result());
        assertEquals("4.3.2", o.status());
        assertEquals(421, o.replyCode());
        assertEquals("0:0:0:0:0:0:0:1", o.remoteAddress());
    }

    @Test
    void nobodyListeningDefersWithTheConnectError() throws Exception {
        // mx.dual has ::1 and 127.0.0.1: the port is held (refused, and no other process can take it) on both
        try (ClosedPort closed = ClosedPort.on("127.0.0.1", "::1")) {
            nobodyListeningOn(closed.port());
        }
    }

    private void nobodyListeningOn(int port) throws Exception {
        RecipientOutcome o = agent(port).deliver(simple("u@dual.example.com")).get(0);
        assertEquals(Result.DEFERRED, o.result());
        assertEquals("4.4.1", o.status());
        assertEquals(0, o.replyCode());
        assertNull(o.remoteMta(), "nobody answered");
        assertNull(o.remoteAddress(), "nobody answered");
        assertTrue(o.diagnostic().startsWith("connect to mx.dual.example.com[127.0.0.1]:" + port), o.diagnostic());
    }

    @Test
    void fiveXxGreetingIsFinalWhenNotSkipped() throws Exception {
        FakeSmtpServer v6 = server("::1", 0).greeting("554 5.7.1 you are not welcome");
        RecipientOutcome o = agent(v6.port(), b -> b.skip5xxGreeting(false))
                .deliver(simple("u@dual.example.com")).get(0);
        assertEquals(Result.FAILED, o.result());
        assertEquals("5.7.1", o.status());
    }

    @Test
    void silentServerTimesOutAndDefers() throws Exception {
        FakeSmtpServer v6 = server("::1", 0).greeting(FakeSmtpServer.SILENT);
        long t0 = System.nanoTime();
        RecipientOutcome o = agent(v6.port(), b -> b.timeouts(SmtpTimeouts.all(Duration.ofMillis(300))))
                .deliver(simple("u@dual.example.com")).get(0);
        assertEquals(Result.DEFERRED, o.result());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10, "bounded by the timeouts");
        assertEquals(1, v6.connections());
    }

    @Test
    void timeoutAfterDataDefers() throws Exception {
        FakeSmtpServer v6 = server("::1", 0).endOfData(FakeSmtpServer.SILENT);
        RecipientOutcome o = agent(v6.port(), b -> b.timeouts(SmtpTimeouts.all(Duration.ofMillis(400))))
                .deliver(simple("u@v6only.example.com")).get(0);
        assertEquals(Result.DEFERRED, o.result());
        assertEquals("4.4.2", o.status());
        assertTrue(o.diagnostic().contains("timed out while receiving the end of data reply"), o.diagnostic());
    }

    @Test
    void dsnParametersArePassedOnWhenTheServerSupportsDsn() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        Path file = Files.createTempFile(dir, "m", ".eml");
        Files.write(file, "Subject: caf\u00e9\r\n\r\n8bit body \u00e9\r\n".getBytes(StandardCharsets.UTF_8));
        OutboundMessage m = new OutboundMessage("Q1", "s@sender.example", List.of(
                new OutboundRecipient("a@dual.example.com", "rfc822;a+2Bx@dual.example.com",
                        Set.of(Notify.SUCCESS, Notify.FAILURE)),
                new OutboundRecipient("b@dual.example.com", null, Set.of(Notify.NEVER))),
                "abc+2Bdef", OutboundMessage.Ret.HDRS, file, Instant.now(), true);
        agent(v6.port()).deliver(m);
        List<String> c = v6.commands();
        assertTrue(c.contains("MAIL FROM:<s@sender.example> SIZE=" + Files.size(file)
                + " BODY=8BITMIME RET=HDRS ENVID=abc+2Bdef"), c.toString());
        assertTrue(c.contains("RCPT TO:<a@dual.example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+2Bx@dual.example.com"),
                c.toString());
        assertTrue(c.contains("RCPT TO:<b@dual.example.com> NOTIFY=NEVER"), c.toString());
    }

    @Test
    void noExtensionParametersToAServerThatOnlySpeaksHelo() throws Exception {
        FakeSmtpServer v6 = server("::1", 0).on(c -> c.startsWith("EHLO") ? "502 5.5.2 what?" : null);
        OutboundMessage m = new OutboundMessage("Q2", "s@sender.example", List.of(
                new OutboundRecipient("a@dual.example.com", "rfc822;a@dual.example.com", Set.of(Notify.SUCCESS))),
                "env1", OutboundMessage.Ret.FULL, simple("x@y").content(), Instant.now(), true);
        RecipientOutcome o = agent(v6.port()).deliver(m).get(0);
        assertEquals(Result.DELIVERED, o.result());
        List<String> c = v6.commands();
        assertEquals("EHLO relay.example.com", c.get(0));
        assertEquals("HELO relay.example.com", c.get(1));
        assertEquals("MAIL FROM:<s@sender.example>", c.get(2));
        assertEquals("RCPT TO:<a@dual.example.com>", c.get(3));
    }

    @Test
    void bodyIsDotStuffedAndTerminated() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        String content = "Subject: dots\r\n\r\n.hidden\r\n..two\r\nmiddle . dot\r\n.\r\nlast line without CRLF";
        agent(v6.port()).deliver(message(content, "s@x.example", new OutboundRecipient("u@dual.example.com", null,
                Set.of())));
        String expected = "Subject: dots\r\n\r\n..hidden\r\n...two\r\nmiddle . dot\r\n..\r\nlast line without CRLF\r\n";
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), v6.bodies().get(0));
    }

    @Test
    void largeBodyArrivesIntact() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        StringBuilder sb = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append(i % 7 == 0 ? "." : "").append("line ").append(i).append(" of a big message\r\n");
        }
        RecipientOutcome o = agent(v6.port()).deliver(message(sb.toString(), "s@x.example",
                new OutboundRecipient("u@dual.example.com", null, Set.of()))).get(0);
        assertEquals(Result.DELIVERED, o.result());
        String got = new String(v6.bodies().get(0), StandardCharsets.UTF_8).replace("\r\n..", "\r\n.");
        assertEquals(sb.toString(), got);
    }

    @Test
    void messageTooBigForTheServerFailsWithoutSendingIt() throws Exception {
        FakeSmtpServer v6 = server("::1", 0).ehlo("250-fake.example\r\n250 SIZE 10");
        RecipientOutcome o = agent(v6.port()).deliver(simple("u@dual.example.com")).get(0);
        assertEquals(Result.FAILED, o.result());
        assertEquals("5.3.4", o.status());
        assertFalse(v6.commands().stream().anyMatch(c -> c.startsWith("MAIL")));
    }

    @Test
    void mailFromAndDataRejections() throws Exception {
        FakeSmtpServer v6 = server("::1", 0).on(c -> c.startsWith("MAIL") ? "553 5.7.1 sender rejected" : null);
        RecipientOutcome o = agent(v6.port()).deliver(simple("u@dual.example.com", "v@dual.example.com")).get(1);
        assertEquals(Result.FAILED, o.result());
        assertEquals("5.7.1", o.status());
        assertEquals(553, o.replyCode());

        FakeSmtpServer w = server("::1", 0).endOfData("554 5.6.0 message content rejected");
        assertEquals(Result.FAILED, agent(w.port()).deliver(simple("u@dual.example.com")).get(0).result());

        FakeSmtpServer d = server("::1", 0).endOfData("452 4.3.1 insufficient system storage");
        RecipientOutcome deferred = agent(d.port()).deliver(simple("u@v6only.example.com")).get(0);
        assertEquals(Result.DEFERRED, deferred.result());
        assertEquals(452, deferred.replyCode());
        assertEquals("4.3.1", deferred.status());
    }

    @Test
    void serversWithoutPipeliningGetOneCommandAtATime() throws Exception {
        FakeSmtpServer v6 = server("::1", 0).ehlo("250-fake.example\r\n250 8BITMIME");
        List<RecipientOutcome> out = agent(v6.port(), (ConnectionCache) null)
                .deliver(simple("u@dual.example.com", "v@dual.example.com"));
        assertTrue(out.stream().allMatch(o -> o.result() == Result.DELIVERED));
        assertEquals(List.of("EHLO relay.example.com", "MAIL FROM:<a@sender.example>", "RCPT TO:<u@dual.example.com>",
                "RCPT TO:<v@dual.example.com>", "DATA", "<end of data>", "QUIT"), v6.commands());
    }

    @Test
    void sessionLimitStopsAfterTwoGreetings() throws Exception {
        FakeSmtpServer a = server("127.0.0.1", 0).greeting("421 4.3.2 busy");
        FakeSmtpServer b = server("127.0.0.2", a.port()).greeting("421 4.3.2 busy");
        FakeSmtpServer c = server("127.0.0.3", a.port());
        RecipientOutcome o = agent(a.port()).deliver(simple("u@three.example.com")).get(0);
        assertEquals(Result.DEFERRED, o.result());
        assertEquals(421, o.replyCode());
        assertEquals(0, c.connections());
        RecipientOutcome unlimited = agent(a.port(), s -> s.mxSessionLimit(0))
                .deliver(simple("u@three.example.com")).get(0);
        assertEquals(Result.DELIVERED, unlimited.result());
        assertEquals(2, b.connections());
    }

    @Test
    void recipientsBeyondTheServersLimitGoInAnotherTransaction() throws Exception {
        java.util.concurrent.atomic.AtomicInteger rcpts = new java.util.concurrent.atomic.AtomicInteger();
        FakeSmtpServer v6 = server("::1", 0).on(c -> {
            if (c.startsWith("MAIL")) {
                rcpts.set(0);
            }
            return c.startsWith("RCPT") && rcpts.incrementAndGet() > 2 ? "452 4.5.3 Error: too many recipients"
                    : null;
        });
        List<RecipientOutcome> out = agent(v6.port()).deliver(simple("a@v6only.example.com", "b@v6only.example.com",
                "c@v6only.example.com", "d@v6only.example.com", "e@v6only.example.com"));
        assertTrue(out.stream().allMatch(o -> o.result() == Result.DELIVERED), out.toString());
        assertEquals(3, v6.bodies().size(), "2 + 2 + 1 recipients");
    }

    @Test
    void aMissingSpoolFileDefersInsteadOfThrowing() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        OutboundMessage m = simple("u@v6only.example.com");
        Files.delete(m.content());
        RecipientOutcome o = agent(v6.port()).deliver(m).get(0);
        assertEquals(Result.DEFERRED, o.result(), o.toString());
        assertEquals("4.3.0", o.status());
        assertTrue(o.diagnostic().startsWith("cannot read the queued message"), o.diagnostic());
        assertTrue(v6.bodies().isEmpty());
    }

    @Test
    void internationalisedAddressesNeedSmtputf8() throws Exception {
        FakeSmtpServer v6 = server("::1", 0).ehlo("250-fake.example\r\n250 PIPELINING");
        RecipientOutcome o = agent(v6.port()).deliver(simple("j\u00fcrgen@v6only.example.com")).get(0);
        assertEquals(Result.FAILED, o.result());
        assertEquals("5.6.7", o.status());
        FakeSmtpServer utf8 = server("::1", 0);
        assertEquals(Result.DELIVERED, agent(utf8.port()).deliver(simple("j\u00fcrgen@v6only.example.com")).get(0)
                .result());
        assertTrue(utf8.commands().stream().anyMatch(c -> c.startsWith("MAIL") && c.endsWith(" SMTPUTF8")),
                utf8.commands().toString());
    }

    @Test
    void anSmtputf8MessageKeepsTheFlagAndNeedsTheExtensionOnlyWhenItsHeaderIsUtf8() throws Exception {
        String utf8Header = "Subject: Gr\u00fc\u00dfe\r\nFrom: a@sender.example\r\n\r\nHello\r\n";
        String asciiHeader = "Subject: hi\r\nFrom: a@sender.example\r\n\r\nGr\u00fc\u00dfe in the body\r\n";
        FakeSmtpServer utf8 = server("::1", 0);
        assertEquals(Result.DELIVERED, agent(utf8.port()).deliver(smtpUtf8(asciiHeader)).get(0).result());
        assertTrue(utf8.commands().stream().anyMatch(c -> c.startsWith("MAIL") && c.endsWith(" SMTPUTF8")),
                "RFC 6531: passed on where offered: " + utf8.commands());

        FakeSmtpServer legacy = server("::1", 0).ehlo("250-fake.example\r\n250-8BITMIME\r\n250 PIPELINING");
        RecipientOutcome o = agent(legacy.port()).deliver(smtpUtf8(utf8Header)).get(0);
        assertEquals(Result.FAILED, o.result(), o.toString());
        assertEquals("5.6.7", o.status());
        assertTrue(o.diagnostic().contains("SMTPUTF8 is required"), o.diagnostic());
        assertTrue(legacy.bodies().isEmpty());
        // All-ASCII envelope and header: nothing needs the extension, so it goes (as Postfix does).
        assertEquals(Result.DELIVERED, agent(legacy.port()).deliver(smtpUtf8(asciiHeader)).get(0).result());
        assertTrue(legacy.commands().stream().filter(c -> c.startsWith("MAIL")).noneMatch(c -> c.contains("SMTPUTF8")),
                legacy.commands().toString());
    }

    @Test
    void eightBitMailIsConvertedForAServerWithout8bitmime() throws Exception {
        String content = "Subject: hi\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe\r\n";
        OutboundMessage plain = message(content, "a@sender.example", new OutboundRecipient("u@v6only.example.com",
                null, Set.of()));
        OutboundMessage m = new OutboundMessage(plain.queueId(), plain.sender(), plain.recipients(), null, null,
                plain.content(), plain.arrival(), true);
        FakeSmtpServer legacy = server("::1", 0).ehlo("250-fake.example\r\n250-SIZE 10240000\r\n250 PIPELINING");
        assertEquals(Result.DELIVERED, agent(legacy.port()).deliver(m).get(0).result());
        String body = new String(legacy.bodies().get(0), StandardCharsets.ISO_8859_1);
        assertTrue(body.chars().allMatch(c -> c < 128), body);
        assertTrue(body.contains("Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe"), body);
        assertTrue(legacy.commands().stream().filter(c -> c.startsWith("MAIL")).noneMatch(c -> c.contains("BODY=")),
                legacy.commands().toString());

        FakeSmtpServer modern = server("::1", 0);
        assertEquals(Result.DELIVERED, agent(modern.port()).deliver(m).get(0).result());
        assertTrue(new String(modern.bodies().get(0), StandardCharsets.ISO_8859_1)
                .contains("Content-Transfer-Encoding: 8bit"), "sent as is where offered");
        assertTrue(modern.commands().stream().anyMatch(c -> c.startsWith("MAIL") && c.contains(" BODY=8BITMIME")));
    }

    @Test
    void aGlobalDsnGoesWithSmtputf8OrWithItsUtf8PartsEncoded() throws Exception {
        // The relay's own RFC 6533 DSN about SMTPUTF8 mail from an ASCII sender: header and envelope are ASCII.
        String yonghu = "\u7528\u6237@v6only.example.com";
        Path original = dir.resolve("utf8-original.eml");
        Files.writeString(original, "Subject: Gr\u00fc\u00dfe\r\nTo: " + yonghu + "\r\n\r\nHallo\r\n",
                StandardCharsets.UTF_8);
        OutboundMessage about = new OutboundMessage("Q1", "a@v6only.example.com",
                List.of(new OutboundRecipient(yonghu, null, Set.of())), null, null, original, Instant.now(), true,
                true);
        dev.mx20.relay.dsn.Dsn dsn = new dev.mx20.relay.dsn.DsnWriter(
                dev.mx20.relay.dsn.DsnSettings.of("relay.example.com")).write(about, List.of(new RecipientOutcome(
                yonghu, Result.FAILED, "5.1.1", 550, "5.1.1 <" + yonghu + ">: User unknown", "mx.example", null,
                Instant.now())), null).orElseThrow();
        Path file = dir.resolve("dsn.eml");
        Files.write(file, dsn.message());
        OutboundMessage m = new OutboundMessage("Q2", "", List.of(new OutboundRecipient(dsn.recipient(), null,
                Set.of())), null, null, file, Instant.now(), dsn.eightBit(), dsn.smtpUtf8());

        FakeSmtpServer modern = server("::1", 0);
        assertEquals(Result.DELIVERED, agent(modern.port()).deliver(m).get(0).result());
        assertTrue(modern.commands().stream().anyMatch(c -> c.startsWith("MAIL FROM:<>") && c.contains(" SMTPUTF8")
                && c.contains(" BODY=8BITMIME")), modern.commands().toString());
        assertArrayEquals(dsn.message(), modern.bodies().get(0), "sent as written where SMTPUTF8 is offered");

        // RFC 6533 §4: a server without SMTPUTF8 gets the UTF-8 parts in a 7-bit encoding, 8BITMIME or not.
        FakeSmtpServer legacy = server("::1", 0).ehlo("250-fake.example\r\n250-8BITMIME\r\n250 PIPELINING");
        assertEquals(Result.DELIVERED, agent(legacy.port()).deliver(m).get(0).result());
        assertTrue(legacy.commands().stream().filter(c -> c.startsWith("MAIL"))
                .noneMatch(c -> c.contains("SMTPUTF8") || c.contains("BODY=")), legacy.commands().toString());
        byte[] sent = legacy.bodies().get(0);
        String body = new String(sent, StandardCharsets.ISO_8859_1);
        assertTrue(body.chars().allMatch(c -> c < 128), body);
        assertTrue(body.contains("Content-Type: message/global-delivery-status\r\nContent-Transfer-Encoding: base64"),
                body);
        // Still the same report for a reader: dsn-core decodes the parts and finds the UTF-8 recipient.
        dev.mx20.dsn.model.BounceReport r = dev.mx20.dsn.BounceAnalyzer.create().analyze(sent);
        assertEquals(dev.mx20.dsn.model.ReportKind.DSN, r.kind());
        assertEquals(yonghu, r.recipients().get(0).finalRecipient());
        assertEquals("5.1.1", r.recipients().get(0).status());
        assertEquals("Gr\u00fc\u00dfe", r.original().subject());
    }

    private OutboundMessage smtpUtf8(String content) throws IOException {
        OutboundMessage m = message(content, "a@sender.example", new OutboundRecipient("u@v6only.example.com", null,
                Set.of()));
        return new OutboundMessage(m.queueId(), m.sender(), m.recipients(), null, null, m.content(), m.arrival(),
                true, true);
    }

    @Test
    void pipelinedMailRefusedWith421KeepsTheServersWords() throws Exception {
        FakeSmtpServer v6 = server("::1", 0).on(c -> c.startsWith("MAIL") ? "421 4.7.0 too busy, closing" : null);
        RecipientOutcome o = agent(v6.port()).deliver(simple("u@v6only.example.com", "v@v6only.example.com")).get(1);
        assertEquals(Result.DEFERRED, o.result());
        assertEquals(421, o.replyCode());
        assertEquals("4.7.0 too busy, closing", o.diagnostic());
    }

    @Test
    void bindsTheConfiguredSourceAddress() throws Exception {
        FakeSmtpServer v4 = server("127.0.0.1", 0);
        InetAddress source = InetAddress.getByName("127.0.0.5");
        agent(v4.port(), b -> b.addressPreference(AddressPreference.IPV4)
                .bindAddress(source)).deliver(simple("u@dual.example.com"));
        assertEquals(InetAddress.getByName("127.0.0.5"), v4.peers().get(0));
    }

    @Test
    void garbageFromTheServerDefersInsteadOfThrowing() throws Exception {
        for (String junk : new String[] {"hello there", "22", "2x0 ok", "999 what", "220-first\r\n221 second",
                "\u0000\u0001\u0002", "220 " + "x".repeat(5000)}) {
            FakeSmtpServer v6 = server("::1", 0).greeting(junk);
            RecipientOutcome o = agent(v6.port()).deliver(simple("u@v6only.example.com")).get(0);
            assertEquals(Result.DEFERRED, o.result(), junk);
            assertTrue(o.status().startsWith("4."), o.status());
        }
    }

    @Test
    void routingFailuresAreReportedPerRecipient() throws Exception {
        List<RecipientOutcome> out = agent(2525).deliver(simple("u@nxdomain.example.com", "no-domain", "v@"));
        assertEquals(List.of(Result.FAILED, Result.FAILED, Result.FAILED),
                out.stream().map(RecipientOutcome::result).toList());
        assertEquals("5.1.2", out.get(0).status());
        assertNull(out.get(0).remoteMta());
        assertEquals("5.1.3", out.get(1).status());
    }

    @Test
    void nullSenderIsSentAsEmptyPath() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        agent(v6.port()).deliver(message("Subject: bounce\r\n\r\nx\r\n", "",
                new OutboundRecipient("u@dual.example.com", null, Set.of())));
        assertTrue(v6.commands().stream().anyMatch(c -> c.startsWith("MAIL FROM:<>")), v6.commands().toString());
    }

    @Test
    void staticRelayhostGoesStraightToThePrimary() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        RecipientOutcome o = agent(v6.port(), b -> b.relayhost(Relayhost.parse("[::1]:" + v6.port())))
                .deliver(simple("anyone@anywhere.invalid")).get(0);
        assertEquals(Result.DELIVERED, o.result(), o.toString());
        assertEquals(1, v6.bodies().size());
    }

    @Test
    void logsOneLinePerAttemptInPostfixShape() throws Exception {
        List<String> lines = new ArrayList<>();
        Logger jul = Logger.getLogger(SmtpDeliveryAgent.LOGGER);
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            FakeSmtpServer v4 = server("127.0.0.1", 0);
            agent(v4.port()).deliver(simple("u@dual.example.com"));
        } finally {
            jul.removeHandler(h);
        }
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("4AB12C: to=<u@dual.example.com>, relay=mx.dual.example.com[0:0:0:0:0:0:0:1]:"),
                lines.get(0));
        assertTrue(lines.get(0).contains("family=ipv6, dsn=4.4.1, status=deferred (connect to"), lines.get(0));
        assertTrue(lines.get(1).contains("relay=mx.dual.example.com[127.0.0.1]:"), lines.get(1));
        assertTrue(lines.get(1).contains("family=ipv4, dsn=2.0.0, status=sent (host mx.dual.example.com[127.0.0.1]:"),
                lines.get(1));
        assertTrue(lines.get(1).endsWith("said: 250 2.0.0 Ok: queued as FAKE1 (in reply to end of DATA))"),
                lines.get(1));
    }

    private static final List<String> ONE_TRANSACTION = List.of("MAIL FROM:<a@sender.example> SIZE=46",
            "RCPT TO:<u@v6only.example.com>", "DATA", "<end of data>");

    @Test
    void sessionIsReusedForTheNextMessageToTheSameAddressAndEndedWhenIdle() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        // An idle limit of 2 s, not a few hundred ms: a busy machine can pause this thread between two deliveries for
        // longer than that, and the session would then (rightly) be ended and the count below be 2.
        try (ConnectionCache cache = new ConnectionCache(Duration.ofSeconds(2), Duration.ofSeconds(300), 100)) {
            SmtpDeliveryAgent a = agent(v6.port(), cache);
            for (int i = 0; i < 3; i++) {
                assertEquals(Result.DELIVERED, a.deliver(simple("u@v6only.example.com")).get(0).result());
            }
            assertEquals(1, v6.connections(), "one TCP connection, one EHLO for three messages");
            List<String> expected = new java.util.ArrayList<>(List.of("EHLO relay.example.com"));
            for (int i = 0; i < 3; i++) {
                expected.addAll(ONE_TRANSACTION);
            }
            assertEquals(expected, v6.commands());
            // Idle past the limit: QUIT, and the next message opens a new session.
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!v6.commands().contains("QUIT") && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals("QUIT", v6.commands().get(v6.commands().size() - 1));
            assertEquals(Result.DELIVERED, a.deliver(simple("u@v6only.example.com")).get(0).result());
            assertEquals(2, v6.connections());
        }
    }

    @Test
    void cachedSessionTheServerGaveUpOnIsReplacedNotDeferred() throws Exception {
        java.util.concurrent.atomic.AtomicInteger mails = new java.util.concurrent.atomic.AtomicInteger();
        // The second MAIL arrives on the cached session; the server has timed it out (421, then closes).
        FakeSmtpServer v6 = server("::1", 0).on(c -> c.startsWith("MAIL") && mails.incrementAndGet() == 2
                ? "421 4.4.2 fake.example Error: timeout exceeded" : null);
        try (ConnectionCache cache = new ConnectionCache()) {
            SmtpDeliveryAgent a = agent(v6.port(), cache);
            assertEquals(Result.DELIVERED, a.deliver(simple("u@v6only.example.com")).get(0).result());
            RecipientOutcome second = a.deliver(simple("u@v6only.example.com")).get(0);
            assertEquals(Result.DELIVERED, second.result(), second.toString());
            assertEquals(2, v6.connections());
            assertEquals(2, v6.bodies().size());
        }
    }

    @Test
    void sessionCarriesAtMostTheReuseCountLimit() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        try (ConnectionCache cache = new ConnectionCache(Duration.ofSeconds(2), Duration.ofSeconds(300), 2)) {
            SmtpDeliveryAgent a = agent(v6.port(), cache);
            for (int i = 0; i < 3; i++) {
                assertEquals(Result.DELIVERED, a.deliver(simple("u@v6only.example.com")).get(0).result());
            }
            assertEquals(2, v6.connections());
            List<String> c = v6.commands();
            assertEquals(List.of("EHLO relay.example.com"), c.subList(0, 1));
            assertEquals(ONE_TRANSACTION, c.subList(1, 5));
            assertEquals(ONE_TRANSACTION, c.subList(5, 9));
            assertTrue(c.subList(9, c.size()).containsAll(List.of("QUIT", "EHLO relay.example.com")), c.toString());
        }
    }

    /** The relay.cf settings reach the cache: what the file says is what the wire shows. */
    @Test
    void sessionReuseFollowsTheRelayConfigSettings() throws Exception {
        java.util.function.Function<String, dev.mx20.relay.config.RelayConfig> cf =
                text -> dev.mx20.relay.config.ConfigFile.parse(List.of(text.split("\n")), "relay.cf");
        int[] sessions = new int[3];
        String[] files = {"", "smtp_connection_reuse_count_limit = 2", "smtp_connection_cache_on_demand = no"};
        for (int f = 0; f < files.length; f++) {
            FakeSmtpServer v6 = server("::1", 0);
            try (ConnectionCache cache = cf.apply(files[f]).newConnectionCache()) {
                assertEquals(f == 2, cache == null, files[f]);
                SmtpDeliveryAgent a = agent(v6.port(), cache);
                for (int i = 0; i < 4; i++) {
                    assertEquals(Result.DELIVERED, a.deliver(simple("u@v6only.example.com")).get(0).result());
                }
            }
            sessions[f] = v6.connections();
        }
        assertArrayEquals(new int[] {1, 2, 4}, sessions, "defaults: one session; count limit 2; no cache");

        // smtp_connection_cache_time_limit: a session idle longer than this is closed, the next message opens one.
        FakeSmtpServer v6 = server("::1", 0);
        try (ConnectionCache cache = cf.apply("smtp_connection_cache_time_limit = 1s").newConnectionCache()) {
            SmtpDeliveryAgent a = agent(v6.port(), cache);
            assertEquals(Result.DELIVERED, a.deliver(simple("u@v6only.example.com")).get(0).result());
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!v6.commands().contains("QUIT") && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(v6.commands().contains("QUIT"), "idle session ended: " + v6.commands());
            assertEquals(Result.DELIVERED, a.deliver(simple("u@v6only.example.com")).get(0).result());
            assertEquals(2, v6.connections());
        }
    }

    @Test
    void withoutCacheEverySessionEndsWithQuit() throws Exception {
        FakeSmtpServer v6 = server("::1", 0);
        SmtpDeliveryAgent a = agent(v6.port(), (ConnectionCache) null);
        for (int i = 0; i < 2; i++) {
            assertEquals(Result.DELIVERED, a.deliver(simple("u@v6only.example.com")).get(0).result());
        }
        assertEquals(2, v6.connections());
        assertEquals(2, java.util.Collections.frequency(v6.commands(), "QUIT"));
    }
}
