package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.dns.OfflineDnsLookup;
import dev.mx20.relay.testdns.SignedZone;
import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.validate.dnssec.AdBitDnssecValidator;
import dev.mx20.relay.validate.dnssec.DnssecValidator;
import dev.mx20.relay.validate.dnssec.LocalDnssecValidator;
import dev.mx20.relay.validate.dnssec.TrustAnchors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

import java.io.ByteArrayInputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DANE and DNSSEC against a real signed zone: the golden scenarios' zones are signed with dnsjava
 * ({@link SignedZone}), served by {@link TestDnsServer}, and validated by dnsjava's {@code ValidatingResolver}
 * from the zone's own DS as trust anchor.
 */
class DaneDnssecTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final List<CheckCode> DNSSEC_CODES = List.of(CheckCode.DANE_TLSA_INSECURE,
            CheckCode.DANE_MX_INSECURE, CheckCode.DANE_DNSSEC_BOGUS);

    @Test
    void aSignedZoneWithTlsaForBothMxIsSecure() throws Exception {
        Scenario s = Scenario.named("dane-both");
        SignedZone zone = SignedZone.sign(mailZone(s));
        ValidationReport r = validate(s, zone.masterFile(), local(zone.dsAnchor()));
        for (CheckCode c : DNSSEC_CODES) {
            assertFalse(r.has(c), c + "\n" + RelayValidatorScenarioTest.describe(r));
            assertTrue(r.passed().contains(c.name()), c + " ran");
        }
        assertFalse(r.has(CheckCode.DNS_LOOKUP_FAILED), RelayValidatorScenarioTest.describe(r));
        assertFalse(r.has(CheckCode.DANE_DNSSEC_NOT_CHECKED));
        assertTrue(r.valid(), RelayValidatorScenarioTest.describe(r));
    }

    @Test
    void aDnskeyTrustAnchorWorksLikeADs() throws Exception {
        Scenario s = Scenario.named("dane-both");
        SignedZone zone = SignedZone.sign(mailZone(s));
        ValidationReport r = validate(s, zone.masterFile(), local(zone.dnskeyAnchor()));
        assertTrue(r.valid(), RelayValidatorScenarioTest.describe(r));
        assertTrue(r.passed().contains(CheckCode.DANE_TLSA_INSECURE.name()));
    }

    @Test
    void tlsaInAnUnsignedZoneMakesDaneIneffective() throws Exception {
        Scenario s = Scenario.named("dane-both");
        // the validator trusts another zone only: nothing proves example.com's answers, as when a zone is not
        // signed or its DS is missing at the parent
        SignedZone elsewhere = SignedZone.sign("""
                $ORIGIN example.org.
                @ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ 300 IN NS ns1
                """);
        ValidationReport r = validate(s, mailZone(s), local(elsewhere.dsAnchor()));
        assertFalse(r.valid());
        List<Finding> tlsa = r.withCode(CheckCode.DANE_TLSA_INSECURE);
        assertEquals(List.of("v6only.example.com", "relay.example.com"), tlsa.stream().map(Finding::subject).toList());
        Finding f = tlsa.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("DANE is ineffective"), f.message());
        assertTrue(f.remedy().contains("IN DS") && f.remedy().contains("_25._tcp.v6only.example.com. IN TLSA 3 1 1"),
                f.remedy());
        assertTrue(f.evidence().stream().anyMatch(e -> e.contains("TLSA: DNSSEC INSECURE")), f.evidence().toString());
        assertEquals(List.of("example.com"),
                r.withCode(CheckCode.DANE_MX_INSECURE).stream().map(Finding::subject).toList());
        assertFalse(r.has(CheckCode.DANE_DNSSEC_BOGUS));
    }

    @Test
    void aTamperedTlsaSignatureIsBogus() throws Exception {
        Scenario s = Scenario.named("dane-both");
        SignedZone zone = SignedZone.sign(mailZone(s)).tamper("_25._tcp.relay.example.com", Type.TLSA);
        ValidationReport r = validate(s, zone.masterFile(), local(zone.dsAnchor()));
        List<Finding> bogus = r.withCode(CheckCode.DANE_DNSSEC_BOGUS);
        assertEquals(List.of("relay.example.com"), bogus.stream().map(Finding::subject).toList(),
                RelayValidatorScenarioTest.describe(r));
        assertEquals(Severity.ERROR, bogus.get(0).severity());
        assertTrue(bogus.get(0).evidence().stream().anyMatch(e -> e.contains("DNSSEC BOGUS")));
        assertFalse(r.has(CheckCode.DANE_TLSA_INSECURE), "the other MX's TLSA is fine");
        assertFalse(r.has(CheckCode.DANE_MX_INSECURE));
    }

    @Test
    void expiredSignaturesAreBogus() throws Exception {
        Scenario s = Scenario.named("dane-both");
        Instant now = Instant.now();
        SignedZone zone = SignedZone.sign(mailZone(s), now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(10)));
        ValidationReport r = validate(s, zone.masterFile(), local(zone.dsAnchor()));
        List<String> subjects = r.withCode(CheckCode.DANE_DNSSEC_BOGUS).stream().map(Finding::subject).toList();
        assertEquals(List.of("example.com", "v6only.example.com", "relay.example.com"), subjects,
                RelayValidatorScenarioTest.describe(r));
        assertFalse(r.valid());
    }

    @Test
    void signaturesAreCheckedAgainstTheValidatorsClock() throws Exception {
        // the same zone is secure today and bogus once its signatures have run out
        Scenario s = Scenario.named("dane-both");
        SignedZone zone = SignedZone.sign(mailZone(s));
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(60));
        ValidationReport r = validate(s, zone.masterFile(),
                dns -> new LocalDnssecValidator(dns.resolver(), TrustAnchors.parse(zone.dsAnchor()), TIMEOUT, later));
        assertTrue(r.has(CheckCode.DANE_DNSSEC_BOGUS), RelayValidatorScenarioTest.describe(r));
    }

    @Test
    void tlsaOnOneMxOnlyIsPartialAndTheOneIsSecure() throws Exception {
        Scenario s = Scenario.named("dane-primary-only");
        // NSEC3: the relay's TLSA is absent, and DANE senders need that proven (Nsec3NameErrorTest)
        SignedZone zone = SignedZone.sign(mailZone(s), SignedZone.Denial.NSEC3);
        ValidationReport r = validate(s, zone.masterFile(), local(zone.dsAnchor()));
        assertEquals(List.of("relay.example.com"),
                r.withCode(CheckCode.DANE_PARTIAL).stream().map(Finding::subject).toList());
        for (CheckCode c : DNSSEC_CODES) {
            assertFalse(r.has(c), c + "\n" + RelayValidatorScenarioTest.describe(r));
        }
        assertTrue(r.passed().contains(CheckCode.DANE_TLSA_INSECURE.name()));
    }

    @Test
    void withoutTlsaDnssecIsNotAsked() throws Exception {
        Scenario s = Scenario.named("good");
        SignedZone zone = SignedZone.sign(mailZone(s));
        ValidationReport r = validate(s, zone.masterFile(), local(zone.dsAnchor()));
        for (CheckCode c : DNSSEC_CODES) {
            assertFalse(r.passed().contains(c.name()), c + " is not DANE's business without TLSA");
        }
        assertFalse(r.has(CheckCode.DANE_DNSSEC_NOT_CHECKED));
    }

    @Test
    void offlineRecordsSayDnssecWasNotChecked() throws IOException {
        Scenario s = Scenario.named("dane-both");
        DnsLookup offline = OfflineDnsLookup.parse("example.com", s.recordLines());
        ValidationReport r = new RelayValidator(offline, s.mtaSts()).validate(s.config());
        List<Finding> f = r.withCode(CheckCode.DANE_DNSSEC_NOT_CHECKED);
        assertEquals(1, f.size());
        assertEquals(Severity.INFO, f.get(0).severity());
        assertTrue(f.get(0).message().contains("no signatures"), f.get(0).message());
        for (CheckCode c : DNSSEC_CODES) {
            assertFalse(r.passed().contains(c.name()), "offline mode does not pretend " + c + " passed");
        }
    }

    @Test
    void adBitModeTrustsAValidatingResolver() throws Exception {
        Scenario s = Scenario.named("dane-both");
        SignedZone zone = SignedZone.sign(mailZone(s));
        // a validating resolver in front of the authoritative server: it sets AD on what validates
        ValidationReport good = validate(s, zone.masterFile(), dns -> new AdBitDnssecValidator(
                validatingResolver(dns, zone.dsAnchor()), TIMEOUT));
        assertTrue(good.valid(), RelayValidatorScenarioTest.describe(good));
        assertTrue(good.passed().contains(CheckCode.DANE_TLSA_INSECURE.name()));

        SignedZone tampered = zone.tamper("_25._tcp.v6only.example.com", Type.TLSA);
        ValidationReport bad = validate(s, tampered.masterFile(), dns -> new AdBitDnssecValidator(
                validatingResolver(dns, zone.dsAnchor()), TIMEOUT));
        assertEquals(List.of("v6only.example.com"),
                bad.withCode(CheckCode.DANE_DNSSEC_BOGUS).stream().map(Finding::subject).toList(),
                RelayValidatorScenarioTest.describe(bad));
    }

    @Test
    void adBitModeAgainstANonValidatingServerFindsNothingSecure() throws Exception {
        // the test server is authoritative and never sets AD: in AD mode, nothing counts as secure
        Scenario s = Scenario.named("dane-both");
        SignedZone zone = SignedZone.sign(mailZone(s));
        ValidationReport r = validate(s, zone.masterFile(), dns -> new AdBitDnssecValidator(dns.resolver(), TIMEOUT));
        assertEquals(2, r.withCode(CheckCode.DANE_TLSA_INSECURE).size(), RelayValidatorScenarioTest.describe(r));
        assertTrue(r.has(CheckCode.DANE_MX_INSECURE));
    }

    @Test
    void aSilentValidatingPathMakesTheStatusUnknownNotInsecure() throws Exception {
        Scenario s = Scenario.named("dane-both");
        SignedZone zone = SignedZone.sign(mailZone(s));
        // the plain lookups are answered; the resolver the validator asks never answers
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            SimpleResolver nobody = new SimpleResolver((InetSocketAddress) silent.getLocalSocketAddress());
            ValidationReport r = validate(s, zone.masterFile(), dns -> new LocalDnssecValidator(nobody,
                    TrustAnchors.parse(zone.dsAnchor()), Duration.ofMillis(500), Clock.systemUTC()));
            assertFalse(r.has(CheckCode.DANE_MX_INSECURE), RelayValidatorScenarioTest.describe(r));
            assertFalse(r.has(CheckCode.DANE_TLSA_INSECURE), RelayValidatorScenarioTest.describe(r));
            assertEquals(3, r.withCode(CheckCode.DNS_LOOKUP_FAILED).stream()
                    .filter(f -> f.evidence().stream().anyMatch(e -> e.contains("DNSSEC status unknown"))).count(),
                    RelayValidatorScenarioTest.describe(r));
        }
    }

    private static Function<TestDnsServer, DnssecValidator> local(String anchor) {
        return dns -> new LocalDnssecValidator(dns.resolver(), TrustAnchors.parse(anchor), TIMEOUT, Clock.systemUTC());
    }

    private static ValidatingResolver validatingResolver(TestDnsServer dns, String anchor) {
        ValidatingResolver v = new ValidatingResolver(dns.resolver());
        try {
            v.loadTrustAnchors(new ByteArrayInputStream(anchor.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return v;
    }

    private static ValidationReport validate(Scenario s, String mailZone,
                                             Function<TestDnsServer, DnssecValidator> validator) throws IOException {
        try (TestDnsServer dns = TestDnsServer.start(zones(s, mailZone).toArray(new String[0]));
             LiveDnsLookup live = LiveDnsLookup.servers(List.of(dns.address()), TIMEOUT)) {
            return new RelayValidator(live, s.mtaSts(), Duration.ofSeconds(30), ProbeOptions.disabled(),
                    validator.apply(dns)).validate(s.config());
        }
    }

    /** The scenario's example.com zone. */
    private static String mailZone(Scenario s) throws IOException {
        return s.zones().stream().filter(z -> z.contains("$ORIGIN example.com.")).findFirst().orElseThrow();
    }

    /** The scenario's zones with example.com replaced. */
    private static List<String> zones(Scenario s, String mailZone) throws IOException {
        List<String> out = new ArrayList<>();
        for (String z : s.zones()) {
            out.add(z.contains("$ORIGIN example.com.") ? mailZone : z);
        }
        return out;
    }
}
