package dev.mx20.relay.smtp;

import dev.mx20.relay.config.ConfigException;
import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.policy.RecipientList;
import dev.mx20.relay.policy.RelayPolicy;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;
import dev.mx20.relay.tools.ExternalTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Inbound STARTTLS (RFC 3207) with a certificate made by openssl for the test. */
class StartTlsTest {
    @TempDir
    Path dir;
    private Spool spool;
    private SmtpServer server;
    private InetSocketAddress address;
    private final List<SpooledMessage> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path openssl = ExternalTool.find("openssl").orElse(null);
        assumeTrue(openssl != null, "openssl is needed to make a test certificate");
        ExternalTool.Result r = ExternalTool.run(List.of(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048",
                "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=relay.example.com", "-days", "2"), 60);
        assertEquals(0, r.exitCode(), r.output());
        Path list = dir.resolve("recipients");
        Files.writeString(list, "alice@example.com\n");
        RelayConfig c = config(list).set("smtpd_tls_cert_file", dir.resolve("cert.pem").toString())
                .set("smtpd_tls_key_file", dir.resolve("key.pem").toString()).build();
        spool = Spool.open(c.queueDirectory(), Clock.systemUTC());
        server = new SmtpServer(c, new RelayPolicy(Set.of("example.com"), RecipientList.load(list), c.mynetworks()),
                spool, accepted::add, Clock.systemUTC());
        server.start();
        address = server.localAddresses().get(0);
    }

    private RelayConfig.Builder config(Path list) {
        return RelayConfig.builder().set("myhostname", "relay.example.com").set("inet_interfaces", "127.0.0.1")
                .set("smtpd_port", "0").set("relay_domains", "example.com").set("relay_recipient_maps", list.toString())
                .set("queue_directory", dir.resolve("spool").toString());
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
            spool.close();
        }
    }

    @Test
    void messageOverTls() throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(address, 5000);
            plain.setSoTimeout(10_000);
            Conversation c = new Conversation(plain);
            c.reply();
            assertTrue(c.command("EHLO client.example").contains("STARTTLS"));
            assertTrue(c.command("STARTTLS").startsWith("220 2.0.0"));
            SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "relay.example.com", address.getPort(), true);
            tls.startHandshake();
            Conversation s = new Conversation(tls);
            assertTrue(s.command("MAIL FROM:<a@example.org>").startsWith("503"), "RFC 3207 §4.2: EHLO again first");
            assertFalse(s.command("EHLO client.example").contains("STARTTLS"));
            assertTrue(s.command("STARTTLS").startsWith("503"));
            assertEquals("250 2.1.0 Ok", s.command("MAIL FROM:<a@example.org>"));
            assertEquals("250 2.1.5 Ok", s.command("RCPT TO:<alice@example.com>"));
            assertTrue(s.command("DATA").startsWith("354"));
            assertTrue(s.command("Subject: tls\r\n\r\nsecret\r\n.").startsWith("250 2.0.0 Ok: queued"));
        }
        assertTrue(Files.readString(accepted.get(0).content()).contains("with ESMTPS id"));
    }

    @Test
    void commandsInjectedBeforeTheHandshakeAreRefused() throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(address, 5000);
            plain.setSoTimeout(10_000);
            Conversation c = new Conversation(plain);
            c.reply();
            c.command("EHLO client.example");
            c.send("STARTTLS\r\nMAIL FROM:<injected@example.org>\r\n");
            assertEquals("554 5.5.0 Error: SMTP protocol synchronization", c.reply());
        }
    }

    @Test
    void certificateAndKeyMustComeTogetherAndBeReadable() throws IOException {
        Path list = dir.resolve("recipients");
        assertThrows(ConfigException.class, () -> config(list).set("smtpd_tls_cert_file", "cert.pem").build());
        Files.writeString(dir.resolve("bad.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        RelayConfig bad = config(list).set("smtpd_tls_cert_file", dir.resolve("cert.pem").toString())
                .set("smtpd_tls_key_file", dir.resolve("bad.pem").toString()).build();
        ConfigException e = assertThrows(ConfigException.class,
                () -> new SmtpServer(bad, null, spool, m -> { }, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("openssl pkcs8"), e.getMessage());
    }

    private static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }

    /** Line-based SMTP over any socket (plain or TLS). */
    private static final class Conversation {
        private final BufferedReader in;
        private final OutputStream out;

        Conversation(Socket s) throws IOException {
            in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            out = s.getOutputStream();
        }

        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String command(String line) throws IOException {
            send(line + "\r\n");
            return reply();
        }

        String reply() throws IOException {
            StringBuilder all = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("closed");
                }
                all.append(line).append('\n');
            } while (line.length() > 3 && line.charAt(3) == '-');
            return all.toString().strip();
        }
    }
}
