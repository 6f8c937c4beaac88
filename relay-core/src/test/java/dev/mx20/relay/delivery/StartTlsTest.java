package dev.mx20.relay.delivery;

import dev.mx20.relay.delivery.RecipientOutcome.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * STARTTLS (RFC 3207) against a fake server with a throw-away self-signed certificate made by the JDK's keytool:
 * opportunistic TLS is used when offered, not verified, and falls back to plaintext when the handshake breaks;
 * the verifying level refuses the self-signed certificate.
 */
@Timeout(60)
class StartTlsTest {
    @TempDir
    static Path keys;
    private static SSLContext serverContext;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path store = keys.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + output);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
    }

    private static RecipientOutcome send(FakeSmtpServer server, TlsLevel level) throws Exception {
        Path msg = Files.createTempFile(keys, "m", ".eml");
        Files.writeString(msg, "Subject: tls\r\n\r\nsecret\r\n");
        DeliverySettings s = DeliverySettings.builder("relay.example.com").tls(level)
                .relayhost(Relayhost.parse("[::1]:" + server.port()))
                .timeouts(SmtpTimeouts.all(Duration.ofSeconds(5))).build();
        return new SmtpDeliveryAgent(s).deliver(new OutboundMessage("T1", "a@x.example",
                List.of(new OutboundRecipient("u@y.example", null, Set.of())), null, null, msg, Instant.now(),
                false)).get(0);
    }

    @Test
    void opportunisticTlsIsUsedWhenOfferedAndEhloIsRepeated() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.start("::1").tls(serverContext)) {
            RecipientOutcome o = send(server, TlsLevel.MAY);
            assertEquals(Result.DELIVERED, o.result(), o.toString());
            assertEquals(1, server.tlsSessions().size());
            List<String> c = server.commands();
            assertEquals(List.of("EHLO relay.example.com", "STARTTLS", "EHLO relay.example.com"), c.subList(0, 3));
        }
    }

    @Test
    void levelNoneNeverStartsTls() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.start("::1").tls(serverContext)) {
            assertEquals(Result.DELIVERED, send(server, TlsLevel.NONE).result());
            assertFalse(server.commands().contains("STARTTLS"));
        }
    }

    @Test
    void brokenHandshakeFallsBackToPlaintextOnTheSameAddress() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.start("::1").breakTls()) {
            RecipientOutcome o = send(server, TlsLevel.MAY);
            assertEquals(Result.DELIVERED, o.result(), o.toString());
            assertEquals(2, server.connections());
            assertEquals(1, server.bodies().size());
            assertEquals(1, server.commands().stream().filter("STARTTLS"::equals).count());
        }
    }

    @Test
    void verifyRefusesAnUntrustedCertificateAndAServerWithoutTls() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.start("::1").tls(serverContext)) {
            RecipientOutcome o = send(server, TlsLevel.VERIFY);
            assertEquals(Result.DEFERRED, o.result());
            assertEquals("4.7.5", o.status());
            assertTrue(server.bodies().isEmpty(), "nothing may be sent in the clear");
        }
        try (FakeSmtpServer plain = FakeSmtpServer.start("::1")) {
            RecipientOutcome o = send(plain, TlsLevel.VERIFY);
            assertEquals(Result.DEFERRED, o.result());
            assertEquals("4.7.4", o.status());
            assertTrue(plain.bodies().isEmpty());
        }
    }
}
