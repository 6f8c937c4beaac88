package dev.mx20.relay.validate;

import dev.mx20.relay.config.RelayConfig.Builder;
import dev.mx20.relay.dns.OfflineDnsLookup;
import dev.mx20.relay.policy.RecipientList;
import dev.mx20.relay.policy.RelayPolicy;
import dev.mx20.relay.smtp.SmtpServer;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.tools.ExternalTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The active DANE probe against relay-core's own SMTP server on 127.0.0.1 with a certificate made by openssl; the
 * expected TLSA digests are computed by openssl too (public key and certificate in DER), not by the code under
 * test. Only loopback is contacted.
 */
class DaneProbeTest {
    @TempDir
    Path dir;
    private Spool spool;
    private SmtpServer server;
    private int port;
    private Path openssl;

    @BeforeEach
    void start() throws Exception {
        openssl = ExternalTool.find("openssl").orElse(null);
        assumeTrue(openssl != null, "openssl is needed to make a test certificate");
        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=relay.dane.example", "-days", "2");
        Path list = dir.resolve("recipients");
        Files.writeString(list, "postmaster@dane.example\n");
        dev.mx20.relay.config.RelayConfig c = base(list)
                .set("smtpd_tls_cert_file", dir.resolve("cert.pem").toString())
                .set("smtpd_tls_key_file", dir.resolve("key.pem").toString()).build();
        startServer(c, list);
    }

    private void startServer(dev.mx20.relay.config.RelayConfig c, Path list) throws Exception {
        spool = Spool.open(c.queueDirectory(), Clock.systemUTC());
        server = new SmtpServer(c, new RelayPolicy(Set.of("dane.example"), RecipientList.load(list), c.mynetworks()),
                spool, m -> { }, Clock.systemUTC());
        server.start();
        port = server.localAddresses().get(0).getPort();
    }

    private Builder base(Path list) {
        return dev.mx20.relay.config.RelayConfig.builder().set("myhostname", "relay.dane.example")
                .set("inet_interfaces", "127.0.0.1").set("smtpd_port", "0").set("relay_domains", "dane.example")
                .set("relay_recipient_maps", list.toString()).set("queue_directory", dir.resolve("spool").toString());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            spool.close();
        }
    }

    private void run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl.toString()));
        cmd.addAll(List.of(args));
        ExternalTool.Result r = ExternalTool.run(cmd, 60);
        assertEquals(0, r.exitCode(), r.output());
    }

    /** SHA-256 of the certificate's SubjectPublicKeyInfo as openssl writes it (TLSA selector 1). */
    private String spkiSha256() throws Exception {
        run("x509", "-in", dir.resolve("cert.pem").toString(), "-noout", "-pubkey", "-out", dir.resolve("pub.pem").toString());
        run("pkey", "-pubin", "-in", dir.resolve("pub.pem").toString(), "-outform", "DER", "-out",
                dir.resolve("pub.der").toString());
        return sha256(Files.readAllBytes(dir.resolve("pub.der")));
    }

    /** SHA-256 of the whole certificate in DER (TLSA selector 0). */
    private String certSha256() throws Exception {
        run("x509", "-in", dir.resolve("cert.pem").toString(), "-outform", "DER", "-out", dir.resolve("cert.der").toString());
        return sha256(Files.readAllBytes(dir.resolve("cert.der")));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private ValidationReport validate(String... tlsa) {
        List<String> zone = new ArrayList<>(List.of("@ IN MX 20 relay", "relay IN A 127.0.0.1"));
        for (String t : tlsa) {
            zone.add("_25._tcp.relay IN TLSA " + t);
        }
        RelayConfig config = RelayConfig.builder("dane.example", "v6only.dane.example", "relay.dane.example")
                .recipients(List.of("postmaster@dane.example")).build();
        ProbeOptions probes = new ProbeOptions(true, port, Duration.ofSeconds(5), "validator.dane.example");
        return new RelayValidator(OfflineDnsLookup.parse("dane.example", zone), MtaStsPolicySource.none(),
                Duration.ofSeconds(30), probes).validate(config);
    }

    @Test
    void aMatchingDaneEeRecordPasses() throws Exception {
        ValidationReport r = validate("3 1 1 " + spkiSha256());
        assertFalse(r.has(CheckCode.PROBE_DANE_MISMATCH), RelayValidatorScenarioTest.describe(r));
        assertFalse(r.has(CheckCode.PROBE_DANE_STARTTLS_MISSING), RelayValidatorScenarioTest.describe(r));
        assertTrue(r.passed().contains(CheckCode.PROBE_DANE_MISMATCH.name()));
        ValidationReport full = validate("3 0 1 " + certSha256());
        assertFalse(full.has(CheckCode.PROBE_DANE_MISMATCH), RelayValidatorScenarioTest.describe(full));
    }

    @Test
    void oneMatchingRecordAmongSeveralIsEnough() throws Exception {
        ValidationReport r = validate("3 1 1 " + "00".repeat(32), "3 1 1 " + spkiSha256());
        assertFalse(r.has(CheckCode.PROBE_DANE_MISMATCH), RelayValidatorScenarioTest.describe(r));
    }

    @Test
    void aStaleDigestIsAMismatchWithTheRightRecordInTheRemedy() throws Exception {
        String right = spkiSha256();
        ValidationReport r = validate("3 1 1 " + "ab".repeat(32));
        List<Finding> f = r.withCode(CheckCode.PROBE_DANE_MISMATCH);
        assertEquals(1, f.size(), RelayValidatorScenarioTest.describe(r));
        assertEquals(Severity.ERROR, f.get(0).severity());
        assertTrue(f.get(0).remedy().contains("_25._tcp.relay.dane.example. IN TLSA 3 1 1 " + right), f.get(0).remedy());
    }

    @Test
    void pkixUsagesAreNotUsableForSmtp() throws Exception {
        // RFC 7672 §3.1.3: usage 1 (PKIX-EE) with the right digest still gives DANE senders nothing to match
        ValidationReport r = validate("1 1 1 " + spkiSha256());
        assertTrue(r.has(CheckCode.PROBE_DANE_MISMATCH), RelayValidatorScenarioTest.describe(r));
    }

    @Test
    void noStartTlsWithTlsaIsReported() throws Exception {
        stop();
        Path list = dir.resolve("recipients");
        startServer(base(list).set("queue_directory", dir.resolve("spool2").toString()).build(), list);
        ValidationReport r = validate("3 1 1 " + "ab".repeat(32));
        assertEquals(List.of("relay.dane.example"),
                r.withCode(CheckCode.PROBE_DANE_STARTTLS_MISSING).stream().map(Finding::subject).toList(),
                RelayValidatorScenarioTest.describe(r));
        assertFalse(r.has(CheckCode.PROBE_DANE_MISMATCH));
    }

    @Test
    void anUnreachableAddressIsLeftToTheReachabilityProbe() throws Exception {
        String digest = spkiSha256();
        stop();
        server = null;
        ValidationReport r = validate("3 1 1 " + digest);
        assertTrue(r.has(CheckCode.PROBE_MX_UNREACHABLE), RelayValidatorScenarioTest.describe(r));
        assertFalse(r.has(CheckCode.PROBE_DANE_STARTTLS_MISSING), RelayValidatorScenarioTest.describe(r));
        assertFalse(r.has(CheckCode.PROBE_DANE_MISMATCH));
    }

    @Test
    void garbageTlsaDataDoesNotParse() {
        for (String bad : new String[] {null, "", "3 1 1", "3 1 1 zz", "x 1 1 00", "3 1 1 0", "999 1 1 00",
                "-1 1 1 00", "3 1", "\u0000 \u0001 \u0002 \u0003"}) {
            assertEquals(Optional.empty(), TlsaRecord.parse(bad), String.valueOf(bad));
        }
        assertEquals("3 1 1 00ff", TlsaRecord.parse("3 1 1 00FF").orElseThrow().toString());
    }
}
