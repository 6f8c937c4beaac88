package dev.mx20.relay.validate;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MTA-STS policy over real HTTPS (RFC 8461 §3.3) from a loopback server with certificates made by the JDK's
 * keytool: a certificate the client trusts and that names the host gives the policy, which the validation then
 * compares with the MX hosts; an untrusted certificate or one for another name makes the policy unavailable,
 * as senders would find it.
 */
class MtaStsOverHttpsTest {
    private static final String PASSWORD = "changeit";
    private static final String POLICY = "version: STSv1\r\nmode: enforce\r\nmx: v6only.example.com\r\nmax_age: 86400\r\n";
    @TempDir
    static Path dir;
    private static KeyStore rightName;
    private static KeyStore wrongName;
    private final List<HttpsServer> servers = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        rightName = keytool("right", "ip:127.0.0.1,dns:mta-sts.example.com");
        wrongName = keytool("wrong", "dns:mta-sts.other.example");
    }

    /** A self-signed EC certificate with the given subjectAltName, made by the running JDK's keytool. */
    private static KeyStore keytool(String name, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "mta-sts", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=mta-sts.example.com", "-ext", "san=" + san,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private int serve(KeyStore identity) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/.well-known/mta-sts.txt", ex -> {
            byte[] body = POLICY.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    /** A client context trusting exactly the certificate in {@code store}. */
    private static SSLContext trusting(KeyStore store) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("mta-sts", store.getCertificate("mta-sts"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    private static HttpsMtaStsFetcher fetcher(int port, SSLContext tls) {
        return new HttpsMtaStsFetcher(Duration.ofSeconds(5),
                domain -> URI.create("https://127.0.0.1:" + port + "/.well-known/mta-sts.txt"), tls);
    }

    @Test
    void aTrustedCertificateForTheHostGivesThePolicyAndTheValidationUsesIt() throws Exception {
        int port = serve(rightName);
        HttpsMtaStsFetcher fetcher = fetcher(port, trusting(rightName));
        assertEquals(POLICY, fetcher.policy("example.com").orElseThrow());

        // the policy lists the primary only: in enforce mode, senders refuse to deliver to the relay
        Scenario s = Scenario.named("mta-sts-relay-missing");
        ValidationReport r = new RelayValidator(
                dev.mx20.relay.dns.OfflineDnsLookup.parse("example.com", s.recordLines()), fetcher).validate(s.config());
        List<Finding> notListed = r.withCode(CheckCode.MTA_STS_MX_NOT_LISTED);
        assertEquals(1, notListed.size(), RelayValidatorScenarioTest.describe(r));
        assertTrue(notListed.get(0).message().contains("does not list relay.example.com"), notListed.get(0)::message);
        assertTrue(notListed.get(0).evidence().contains("policy: mx: v6only.example.com"),
                notListed.get(0).evidence()::toString);
        assertEquals(Severity.ERROR, notListed.get(0).severity());
    }

    @Test
    void anUntrustedCertificateMakesThePolicyUnavailable() throws Exception {
        int port = serve(rightName);
        // the JDK's own CAs: a self-signed certificate is not among them
        String reason = assertThrows(MtaStsPolicySource.PolicyUnavailableException.class,
                () -> fetcher(port, null).policy("example.com")).getMessage();
        assertTrue(reason.contains("SSLHandshakeException"), reason);

        // and through the validation: a warning naming why, never a silent pass
        Scenario s = Scenario.named("mta-sts-relay-missing");
        ValidationReport r = new RelayValidator(
                dev.mx20.relay.dns.OfflineDnsLookup.parse("example.com", s.recordLines()), fetcher(port, null))
                .validate(s.config());
        List<Finding> unavailable = r.withCode(CheckCode.MTA_STS_POLICY_UNAVAILABLE);
        assertEquals(1, unavailable.size(), RelayValidatorScenarioTest.describe(r));
        assertEquals(Severity.WARNING, unavailable.get(0).severity());
        assertTrue(unavailable.get(0).toString().contains("SSLHandshakeException"), unavailable.get(0)::toString);
    }

    @Test
    void aCertificateForAnotherNameMakesThePolicyUnavailable() throws Exception {
        int port = serve(wrongName);
        String reason = assertThrows(MtaStsPolicySource.PolicyUnavailableException.class,
                () -> fetcher(port, trusting(wrongName)).policy("example.com")).getMessage();
        assertTrue(reason.contains("SSLHandshakeException"), reason);
    }
}
