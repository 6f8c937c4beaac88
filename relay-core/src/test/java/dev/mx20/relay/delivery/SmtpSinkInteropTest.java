package dev.mx20.relay.delivery;

import dev.mx20.relay.delivery.RecipientOutcome.Result;
import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.tools.Listeners;
import dev.mx20.relay.tools.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interoperability with a real SMTP server: Postfix's {@code smtp-sink} (Debian package {@code postfix},
 * installed by {@code .ci/run}) listening only on {@code [::1]}, as the IPv6-only primary. Skipped when smtp-sink
 * is not installed.
 */
@Timeout(60)
class SmtpSinkInteropTest {
    private static final String ZONE = """
            $ORIGIN example.com.
            $TTL 300
            @        IN SOA ns1 hostmaster 1 3600 600 86400 300
            @        IN NS  ns1
            ns1      IN A   127.0.0.53
            v6only   IN MX  10 primary.v6only
            v6only   IN MX  20 relay
            primary.v6only IN AAAA ::1
            relay    IN A    127.0.0.1
            """;

    @TempDir
    Path dir;
    private TestDnsServer dns;
    private Process sink;
    private int port;

    static Path smtpSink() {
        for (String d : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/sbin"}) {
            Path p = Path.of(d, "smtp-sink");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(smtpSink() != null, "smtp-sink not installed (apt-get install postfix): skipping the interop test");
        dns = TestDnsServer.start(ZONE);
    }

    /**
     * Starts smtp-sink on [::1] with extra options (e.g. {@code -f RCPT} to refuse every recipient), on a port
     * picked just before: if another process took that port in between, smtp-sink cannot bind it and exits, and
     * a fresh port is tried (at most 5 times).
     */
    private void startSink(String... options) throws Exception {
        for (int attempt = 1; attempt <= 5; attempt++) {
            port = SmtpSink.freePort("::1");
            if (tryStartSink(options)) {
                return;
            }
        }
        throw new IllegalStateException("smtp-sink found its port taken 5 times: " + Files.readString(dir.resolve("sink.log")));
    }

    /** @return false if the port was taken by another process (smtp-sink has exited), true once it listens */
    private boolean tryStartSink(String... options) throws Exception {
        // smtp-sink drops privileges when started as root; the dump directory must be writable for that user.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> cmd = new ArrayList<>(List.of(smtpSink().toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-u", "nobody"));
        }
        cmd.addAll(List.of("-h", "primary.v6only.example.com", "-d", dir + "/%M."));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("[::1]:" + port, "16"));
        sink = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sink.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            boolean answered = false;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("::1", port), 200);
                answered = true;
            } catch (IOException notYet) {
                // not listening yet
            }
            // whoever answers must be this smtp-sink, not a process that took the port
            if (answered && Listeners.listens(sink.pid(), port).orElse(true)) {
                return true;
            }
            if (!sink.isAlive()) {
                String said = Files.readString(dir.resolve("sink.log"));
                if (answered || said.contains("in use")) {
                    return false;
                }
                throw new IllegalStateException("smtp-sink did not start: " + said);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("smtp-sink did not start: " + Files.readString(dir.resolve("sink.log")));
            }
            Thread.sleep(50);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sink != null) {
            sink.destroy();
            sink.waitFor();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private SmtpDeliveryAgent agent() {
        return new SmtpDeliveryAgent(DeliverySettings.builder("relay.example.com")
                .dnsServers(List.of(dns.address())).dnsTimeout(Duration.ofSeconds(5)).port(port)
                .timeouts(SmtpTimeouts.all(Duration.ofSeconds(10))).build());
    }

    @Test
    void deliversToTheIpv6OnlyPrimaryOverIpv6() throws Exception {
        startSink();
        Path msg = dir.resolve("in.eml");
        Files.writeString(msg, "From: a@sender.example\r\nTo: u@v6only.example.com\r\nSubject: interop\r\n\r\n"
                + ".starts with a dot\r\nbody line\r\n", StandardCharsets.US_ASCII);
        OutboundMessage m = new OutboundMessage("Q9", "a@sender.example",
                List.of(new OutboundRecipient("u@v6only.example.com", "rfc822;u@v6only.example.com",
                        Set.of(OutboundRecipient.Notify.FAILURE))), "env-1", OutboundMessage.Ret.HDRS, msg,
                Instant.now(), false);
        RecipientOutcome o = agent().deliver(m).get(0);
        assertEquals(Result.DELIVERED, o.result(), o.toString());
        assertEquals("0:0:0:0:0:0:0:1", o.remoteAddress());
        assertEquals("primary.v6only.example.com", o.remoteMta());
        assertEquals(250, o.replyCode());

        String dump = waitForDump();
        assertTrue(dump.contains("Subject: interop"), dump);
        assertTrue(dump.contains("\n.starts with a dot"), "dot-stuffing undone by the server: " + dump);
        assertTrue(dump.contains("u@v6only.example.com"), dump);
    }

    @Test
    void recipientsRejectedByTheRealServerFail() throws Exception {
        startSink("-f", "RCPT", "-B", "550 5.1.1 Recipient address rejected: User unknown");
        List<RecipientOutcome> out = agent().deliver(twoRecipients());
        for (RecipientOutcome o : out) {
            assertEquals(Result.FAILED, o.result(), o.toString());
            assertEquals(550, o.replyCode());
            assertEquals("5.1.1", o.status());
            assertEquals("5.1.1 Recipient address rejected: User unknown", o.diagnostic());
        }
    }

    @Test
    void softRejectAtEndOfDataDefers() throws Exception {
        startSink("-r", ".", "-b", "451 4.3.0 Error: queue file write error");
        List<RecipientOutcome> out = agent().deliver(twoRecipients());
        for (RecipientOutcome o : out) {
            assertEquals(Result.DEFERRED, o.result(), o.toString());
            assertEquals(451, o.replyCode());
            assertEquals("4.3.0", o.status());
        }
    }

    private OutboundMessage twoRecipients() throws IOException {
        Path msg = dir.resolve("in.eml");
        Files.writeString(msg, "Subject: x\r\n\r\nx\r\n", StandardCharsets.US_ASCII);
        return new OutboundMessage("Q10", "a@sender.example", List.of(
                new OutboundRecipient("one@v6only.example.com", null, Set.of()),
                new OutboundRecipient("two@v6only.example.com", null, Set.of())), null, null, msg,
                Instant.now(), false);
    }

    private String waitForDump() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> dumps = files.filter(p -> !p.getFileName().toString().endsWith(".eml")
                        && !p.getFileName().toString().equals("sink.log")).toList();
                for (Path p : dumps) {
                    String s = Files.readString(p, StandardCharsets.ISO_8859_1);
                    if (s.contains("interop")) {
                        return s;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("smtp-sink wrote no dump: " + Files.readString(dir.resolve("sink.log")));
    }
}
