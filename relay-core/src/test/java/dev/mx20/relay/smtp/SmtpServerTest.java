package dev.mx20.relay.smtp;

import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.policy.RecipientList;
import dev.mx20.relay.policy.RelayPolicy;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmtpServerTest {
    @TempDir
    Path dir;
    private Spool spool;
    private SmtpServer server;
    private final List<SpooledMessage> accepted = new CopyOnWriteArrayList<>();

    private InetSocketAddress start(String... settings) throws IOException {
        Path list = dir.resolve("recipients");
        Files.writeString(list, "alice@example.com\nbob@example.com\n");
        RelayConfig.Builder b = RelayConfig.builder()
                .set("myhostname", "relay.example.com")
                .set("inet_interfaces", "127.0.0.1")
                .set("smtpd_port", "0")
                .set("relay_domains", "example.com")
                .set("relay_recipient_maps", list.toString())
                .set("mynetworks", "192.0.2.0/24") // loopback test clients are NOT trusted
                .set("queue_directory", dir.resolve("spool").toString());
        for (int i = 0; i < settings.length; i += 2) {
            b.set(settings[i], settings[i + 1]);
        }
        RelayConfig c = b.build();
        spool = Spool.open(c.queueDirectory(), Clock.systemUTC());
        RelayPolicy policy = new RelayPolicy(Set.copyOf(c.relayDomains()), RecipientList.load(list), c.mynetworks());
        server = new SmtpServer(c, policy, spool, accepted::add, Clock.systemUTC());
        server.start();
        return server.localAddresses().get(0);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (spool != null) {
            spool.close();
        }
    }

    private RawSmtpClient ehlo(InetSocketAddress a) throws IOException {
        RawSmtpClient c = new RawSmtpClient(a);
        assertTrue(c.reply().startsWith("220 relay.example.com"));
        assertTrue(c.command("EHLO client.example").startsWith("250-relay.example.com"));
        return c;
    }

    @Test
    void ehloAdvertisesTheRequiredExtensions() throws IOException {
        try (RawSmtpClient c = new RawSmtpClient(start("message_size_limit", "50000"))) {
            c.reply();
            String ehlo = c.command("EHLO client.example");
            for (String ext : new String[]{"PIPELINING", "SIZE 50000", "8BITMIME", "ENHANCEDSTATUSCODES", "DSN"}) {
                assertTrue(ehlo.contains("250-" + ext) || ehlo.contains("250 " + ext), ehlo);
            }
        }
    }

    // ---- RFC 6531 SMTPUTF8 -----------------------------------------------------------------------------------

    /** Sends a command as UTF-8 bytes (RawSmtpClient sends ISO-8859-1 chars as single bytes). */
    private static String utf8(RawSmtpClient c, String command) throws IOException {
        byte[] b = (command + "\r\n").getBytes(StandardCharsets.UTF_8);
        c.send(new String(b, StandardCharsets.ISO_8859_1));
        return c.reply();
    }

    @Test
    void smtputf8IsAdvertisedAndUtf8AddressesNeedIt() throws IOException {
        Files.createDirectories(dir);
        try (RawSmtpClient c = new RawSmtpClient(start("mynetworks", "127.0.0.0/8"))) {
            c.reply();
            String ehlo = c.command("EHLO client.example");
            assertTrue(ehlo.contains("250-SMTPUTF8") || ehlo.contains("250 SMTPUTF8"), ehlo);
            assertEquals("553 5.6.7 Must declare SMTPUTF8 to send unicode address",
                    utf8(c, "MAIL FROM:<j\u00f6rg@b\u00fccher.example>"));
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<ascii@sender.example>"));
            assertEquals("553 5.6.7 Must declare SMTPUTF8 to send unicode address",
                    utf8(c, "RCPT TO:<\u7528\u6237@example.net>"), "not declared on MAIL");
            assertEquals("250 2.0.0 Ok", c.command("RSET"));

            assertEquals("250 2.1.0 Ok", utf8(c, "MAIL FROM:<j\u00f6rg@b\u00fccher.example> SMTPUTF8 BODY=8BITMIME"));
            assertEquals("250 2.1.5 Ok", utf8(c, "RCPT TO:<\u7528\u6237@\u4f8b\u3048.example>"));
            assertTrue(c.command("DATA").startsWith("354"));
            String reply = utf8(c, "Subject: Gr\u00fc\u00dfe\r\n\r\nbody\r\n.");
            assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
            SpooledMessage m = spool.read(reply.substring("250 2.0.0 Ok: queued as ".length())).orElseThrow();
            assertTrue(m.smtpUtf8(), "carried to delivery through the spool");
            assertEquals("j\u00f6rg@xn--bcher-kva.example", m.sender(), "U-labels kept as A-labels");
            assertEquals("\u7528\u6237@xn--r8jz45g.example", m.recipients().get(0).address());
            String content = Files.readString(m.content(), StandardCharsets.UTF_8);
            assertTrue(content.contains("with UTF8SMTP id "), content);
            assertTrue(content.contains("for <\u7528\u6237@xn--r8jz45g.example>"), content);
            assertTrue(content.contains("Subject: Gr\u00fc\u00dfe"), content);
        }
    }

    @Test
    void smtputf8GarbageIsASyntaxErrorNeverAnAddress() throws IOException {
        try (RawSmtpClient c = ehlo(start("mynetworks", "127.0.0.0/8"))) {
            assertEquals("501 5.5.4 Bad SMTPUTF8 parameter", c.command("MAIL FROM:<a@sender.example> SMTPUTF8=yes"));
            // Malformed UTF-8 (a lone continuation byte, an overlong '/'): decoded as U+FFFD, which no grammar takes.
            c.send("MAIL FROM:<a\u0080b@sender.example> SMTPUTF8\r\n");
            assertTrue(c.reply().startsWith("501 5.1.7"));
            c.send("MAIL FROM:<a\u00c0\u00afb@sender.example> SMTPUTF8\r\n");
            assertTrue(c.reply().startsWith("501 5.1.7"));
            // C1 controls and an invalid IDN label are not addresses either.
            assertTrue(utf8(c, "MAIL FROM:<a\u0085b@sender.example> SMTPUTF8").startsWith("501 5.1.7"));
            assertTrue(utf8(c, "MAIL FROM:<a@-b\u00fc.example> SMTPUTF8").startsWith("501 5.1.7"));
            // 64 octets of local-part, counted in UTF-8: 32 two-byte letters fit, 33 do not.
            assertEquals("250 2.1.0 Ok", utf8(c, "MAIL FROM:<" + "\u00e9".repeat(32) + "@sender.example> SMTPUTF8"));
            assertEquals("250 2.0.0 Ok", c.command("RSET"));
            assertTrue(utf8(c, "MAIL FROM:<" + "\u00e9".repeat(33) + "@sender.example> SMTPUTF8").startsWith("501"));
        }
    }

    @Test
    void acceptsAMessageWithDsnParametersAndStoresItDurablyBeforeThe250() throws IOException {
        try (RawSmtpClient c = ehlo(start())) {
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<sender@example.org> SIZE=100 BODY=8BITMIME RET=HDRS ENVID=QQ+2B1"));
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<Alice@Example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Alice@Example.com"));
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<bob@example.com>"));
            assertTrue(c.command("DATA").startsWith("354"));
            String reply = c.command("Subject: test\r\n\r\n..leading dot\r\nbody\r\n.");
            assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
            String id = reply.substring("250 2.0.0 Ok: queued as ".length());
            // The 250 came after the spool has it: reading from disk now must find it complete.
            SpooledMessage m = spool.read(id).orElseThrow();
            assertEquals("sender@example.org", m.sender());
            assertEquals("QQ+2B1", m.envId());
            assertEquals(OutboundMessage.Ret.HDRS, m.ret());
            assertTrue(m.eightBit());
            assertEquals(new OutboundRecipient("Alice@example.com", "rfc822;Alice@Example.com",
                    Set.of(OutboundRecipient.Notify.SUCCESS, OutboundRecipient.Notify.FAILURE)), m.recipients().get(0));
            String content = Files.readString(m.content(), StandardCharsets.US_ASCII);
            assertTrue(content.startsWith("Received: from client.example ([127.0.0.1])\r\n\tby relay.example.com"), content);
            assertTrue(content.endsWith("Subject: test\r\n\r\n.leading dot\r\nbody\r\n"), content);
            assertEquals(List.of(id), accepted.stream().map(SpooledMessage::queueId).toList());
            assertEquals("221 2.0.0 Bye", c.command("QUIT"));
        }
    }

    @Test
    void recipientPolicyAtRcptTime() throws IOException {
        try (RawSmtpClient c = ehlo(start())) {
            c.command("MAIL FROM:<sender@example.org>");
            assertTrue(c.command("RCPT TO:<nobody@example.com>").startsWith("550 5.1.1 "));
            assertTrue(c.command("RCPT TO:<someone@elsewhere.example>").startsWith("554 5.7.1 "));
            assertTrue(c.command("RCPT TO:<alice%elsewhere.example@example.com>").startsWith("554 5.7.1 "));
            assertTrue(c.command("RCPT TO:<\"alice@elsewhere.example\"@example.com>").startsWith("554 5.7.1 "));
            assertTrue(c.command("RCPT TO:<@example.com:alice@elsewhere.example>").startsWith("554 5.7.1 "));
            assertTrue(c.command("RCPT TO:<elsewhere!alice@example.com>").startsWith("554 5.7.1 "));
            assertTrue(c.command("RCPT TO:<not an address>").startsWith("501 5.1.3"));
            assertEquals("554 5.5.1 Error: no valid recipients", c.command("DATA"));
        }
        assertTrue(accepted.isEmpty());
    }

    @Test
    void postmasterIsAlwaysAccepted() throws IOException {
        try (RawSmtpClient c = ehlo(start())) {
            c.command("MAIL FROM:<sender@example.org>");
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<Postmaster>"));
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<POSTMASTER@example.com>"));
            c.command("DATA");
            assertTrue(c.command("Subject: hi\r\n\r\nx\r\n.").startsWith("250"));
        }
        assertEquals(List.of("postmaster@example.com", "POSTMASTER@example.com"),
                accepted.get(0).recipients().stream().map(OutboundRecipient::address).toList());
    }

    @Test
    void trustedNetworksMayRelayAnywhere() throws IOException {
        try (RawSmtpClient c = ehlo(start("mynetworks", "127.0.0.0/8"))) {
            c.command("MAIL FROM:<primary@example.com>");
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<someone@elsewhere.example>"));
            assertTrue(c.command("RCPT TO:<nobody@example.com>").startsWith("550 5.1.1"));
        }
    }

    @Test
    void recipientLimitAnswers452() throws IOException {
        try (RawSmtpClient c = ehlo(start("smtpd_recipient_limit", "1"))) {
            c.command("MAIL FROM:<sender@example.org>");
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<alice@example.com>"));
            assertEquals("452 4.5.3 Error: too many recipients", c.command("RCPT TO:<bob@example.com>"));
        }
    }

    @Test
    void sizeLimitByDeclarationAndByActualData() throws IOException {
        try (RawSmtpClient c = ehlo(start("message_size_limit", "1000"))) {
            assertTrue(c.command("MAIL FROM:<sender@example.org> SIZE=1001").startsWith("552 5.3.4"));
            c.command("MAIL FROM:<sender@example.org> SIZE=10");
            c.command("RCPT TO:<alice@example.com>");
            c.command("DATA");
            assertTrue(c.command("Subject: big\r\n\r\n" + "x".repeat(2000) + "\r\n.").startsWith("552 5.3.4"));
            assertEquals("250 2.0.0 Ok", c.command("NOOP"));
        }
        assertTrue(accepted.isEmpty());
        assertTrue(spool.list().isEmpty());
    }

    @Test
    void smugglingAttemptsStayInsideTheFirstMessage() throws IOException {
        String smuggled = "MAIL FROM:<admin@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n";
        for (String fakeEnd : new String[]{"\n.\n", "\r\n.\n", "\n.\r\n", "\r.\r\n"}) {
            accepted.clear();
            try (RawSmtpClient c = ehlo(start())) {
                c.command("MAIL FROM:<sender@example.org>");
                c.command("RCPT TO:<alice@example.com>");
                c.command("DATA");
                String reply = c.command("Subject: first\r\n\r\nhello" + fakeEnd + smuggled + ".");
                assertTrue(reply.startsWith("250 2.0.0 Ok: queued"), reply);
                assertEquals("221 2.0.0 Bye", c.command("QUIT"));
            }
            assertEquals(1, accepted.size(), "exactly one message for " + fakeEnd.replace("\r", "CR").replace("\n", "LF"));
            String content = Files.readString(accepted.get(0).content(), StandardCharsets.ISO_8859_1);
            assertTrue(content.contains("Subject: smuggled"), content);
            stop();
        }
    }

    @Test
    void bareLineFeedsAreNormalisedByDefault() throws IOException {
        try (RawSmtpClient c = ehlo(start())) {
            c.send("MAIL FROM:<sender@example.org>\n");
            assertEquals("250 2.1.0 Ok", c.reply());
            c.command("RCPT TO:<alice@example.com>");
            c.command("DATA");
            assertTrue(c.command("Subject: lf\n\nline one\nline two\r\n.").startsWith("250"));
        }
        String content = Files.readString(accepted.get(0).content(), StandardCharsets.US_ASCII);
        assertTrue(content.endsWith("Subject: lf\r\n\r\nline one\r\nline two\r\n"), content);
    }

    @Test
    void bareLineFeedsAreRejectedWhenConfigured() throws IOException {
        try (RawSmtpClient c = ehlo(start("smtpd_forbid_bare_newline", "yes"))) {
            c.command("MAIL FROM:<sender@example.org>");
            c.command("RCPT TO:<alice@example.com>");
            c.command("DATA");
            c.send("Subject: lf\n");
            assertTrue(c.reply().startsWith("521 5.5.2"));
            assertTrue(c.closedByServer());
        }
        assertTrue(accepted.isEmpty());
        assertTrue(spool.list().isEmpty());
    }

    @Test
    void pipeliningIsAllowedWhereRfc2920AllowsIt() throws IOException {
        try (RawSmtpClient c = ehlo(start())) {
            c.send("MAIL FROM:<sender@example.org>\r\nRCPT TO:<alice@example.com>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\n");
            assertEquals("250 2.1.0 Ok", c.reply());
            assertEquals("250 2.1.5 Ok", c.reply());
            assertTrue(c.reply().startsWith("550 5.1.1"));
            assertTrue(c.reply().startsWith("354"));
            assertTrue(c.command("Subject: p\r\n\r\nx\r\n.").startsWith("250 2.0.0"));
        }
    }

    @Test
    void unauthorisedPipeliningIsRejected() throws IOException {
        InetSocketAddress a = start();
        try (RawSmtpClient c = new RawSmtpClient(a)) {
            c.reply();
            c.send("HELO client.example\r\nMAIL FROM:<sender@example.org>\r\n");
            assertEquals("554 5.5.0 Error: SMTP protocol synchronization", c.reply());
            assertTrue(c.closedByServer());
        }
        try (RawSmtpClient c = new RawSmtpClient(a)) {
            c.reply();
            c.send("EHLO client.example\r\nMAIL FROM:<sender@example.org>\r\n");
            assertEquals("554 5.5.0 Error: SMTP protocol synchronization", c.reply());
        }
        try (RawSmtpClient c = ehlo(a)) {
            c.command("MAIL FROM:<sender@example.org>");
            c.command("RCPT TO:<alice@example.com>");
            c.send("DATA\r\nSubject: too early\r\n\r\nx\r\n.\r\n");
            assertEquals("554 5.5.0 Error: SMTP protocol synchronization", c.reply());
        }
        assertTrue(accepted.isEmpty());
    }

    @Test
    void connectionsPerClientAreLimited() throws IOException {
        InetSocketAddress a = start("smtpd_client_connection_count_limit", "2");
        try (RawSmtpClient c1 = new RawSmtpClient(a); RawSmtpClient c2 = new RawSmtpClient(a)) {
            assertTrue(c1.reply().startsWith("220"));
            assertTrue(c2.reply().startsWith("220"));
            try (RawSmtpClient c3 = new RawSmtpClient(a)) {
                assertTrue(c3.reply().startsWith("421 4.7.0"));
            }
        }
        try (RawSmtpClient again = new RawSmtpClient(a)) {
            String r = again.reply();
            // The slots are released when the sessions end; allow the server (however busy the machine) to notice.
            long end = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (r.startsWith("421") && System.nanoTime() < end) {
                sleep(100);
                try (RawSmtpClient retry = new RawSmtpClient(a)) {
                    r = retry.reply();
                }
            }
            assertTrue(r.startsWith("220"), r);
        }
    }

    @Test
    void idleClientsAreDisconnected() throws IOException {
        try (RawSmtpClient c = new RawSmtpClient(start("smtpd_timeout", "1s"))) {
            c.reply();
            assertTrue(c.reply().startsWith("421 4.4.2"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void stalledDataIsCutOffAndNothingIsQueued() throws IOException {
        try (RawSmtpClient c = ehlo(start("smtpd_data_timeout", "1s"))) {
            c.command("MAIL FROM:<sender@example.org>");
            c.command("RCPT TO:<alice@example.com>");
            c.command("DATA");
            c.send("Subject: stalled\r\n\r\nhalf a li");
            assertTrue(c.reply().startsWith("421 4.4.2"));
            assertTrue(c.closedByServer());
        }
        assertTrue(accepted.isEmpty());
        assertTrue(spool.list().isEmpty());
    }

    @Test
    void allListensOnBothFamilies() throws IOException {
        int port = start("inet_interfaces", "all").getPort();
        for (String host : new String[]{"127.0.0.1", "::1"}) {
            try (RawSmtpClient c = new RawSmtpClient(new InetSocketAddress(host, port))) {
                assertTrue(c.reply().startsWith("220 relay.example.com"), host);
            }
        }
    }

    @Test
    void protocolErrorsGetTheRightCodes() throws IOException {
        try (RawSmtpClient c = new RawSmtpClient(start())) {
            c.reply();
            assertTrue(c.command("MAIL FROM:<a@example.org>").startsWith("503 5.5.1"));
            assertTrue(c.command("EHLO").startsWith("501"));
            c.command("EHLO client.example");
            assertTrue(c.command("RCPT TO:<alice@example.com>").startsWith("503 5.5.1"));
            assertTrue(c.command("DATA").startsWith("503 5.5.1"));
            assertTrue(c.command("MAIL TO:<a@example.org>").startsWith("501"));
            assertTrue(c.command("MAIL FROM:<a@example.org> FOO=bar").startsWith("555 5.5.4"));
            assertTrue(c.command("MAIL FROM:<a@example.org> RET=SOME").startsWith("501"));
            assertTrue(c.command("MAIL FROM:<a@example.org> ENVID=has=equals").startsWith("501"));
            assertTrue(c.command("MAIL FROM:<a@example.org> BODY=BINARYMIME").startsWith("501"));
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<>"));
            assertTrue(c.command("MAIL FROM:<a@example.org>").startsWith("503 5.5.1"));
            assertTrue(c.command("RCPT TO:<alice@example.com> NOTIFY=NEVER,SUCCESS").startsWith("501"));
            assertTrue(c.command("RCPT TO:<alice@example.com> NOTIFY=SOMETIMES").startsWith("501"));
            assertTrue(c.command("RCPT TO:<alice@example.com> ORCPT=nosemicolon").startsWith("501"));
            assertTrue(c.command("RCPT TO:<>").startsWith("501"));
            assertTrue(c.command("X".repeat(5000)).startsWith("500 5.5.2"));
            assertTrue(c.command("TURN").startsWith("502"));
            assertTrue(c.command("VRFY alice").startsWith("252"));
            assertEquals("250 2.0.0 Ok", c.command("RSET"));
        }
    }

    @Test
    void garbageNeverKillsTheServer() throws IOException {
        InetSocketAddress a = start();
        Random r = new Random(7);
        for (int i = 0; i < 30; i++) {
            try (RawSmtpClient c = new RawSmtpClient(a)) {
                c.reply();
                byte[] junk = new byte[r.nextInt(3000)];
                r.nextBytes(junk);
                c.send(new String(junk, StandardCharsets.ISO_8859_1) + "\r\nQUIT\r\n");
                String reply;
                int replies = 0;
                while ((reply = c.reply()) != null && replies++ < 100) {
                    assertTrue(reply.matches("(?s)[2345]\\d\\d[ -].*"), reply);
                }
            } catch (java.net.SocketException e) {
                // reset by the server after "too many errors": acceptable
            }
        }
        try (RawSmtpClient c = ehlo(a)) {
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<a@example.org>"));
        }
    }

    @Test
    void tooManyErrorsDisconnect() throws IOException {
        try (RawSmtpClient c = new RawSmtpClient(start())) {
            c.reply();
            String last = null;
            for (int i = 0; i < SmtpSession.HARD_ERROR_LIMIT; i++) {
                last = c.command("BOGUS");
            }
            assertTrue(last.startsWith("502"), last);
            assertTrue(c.reply().startsWith("421 4.7.0"));
            assertNull(c.reply());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
