package dev.mx20.relay.validate;

import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.dns.RecordType;
import dev.mx20.relay.testdns.SignedZone;
import dev.mx20.relay.testdns.SignedZone.Denial;
import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.testdns.TestDnsServer.Nsec3NameErrorProof;
import dev.mx20.relay.validate.dnssec.DnssecStatus;
import dev.mx20.relay.validate.dnssec.DnssecVerdict;
import dev.mx20.relay.validate.dnssec.LocalDnssecValidator;
import dev.mx20.relay.validate.dnssec.TrustAnchors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NXDOMAIN in a signed zone (RFC 4035 §5.4 with NSEC, RFC 5155 §7.2.2 / §8.4 with NSEC3): the test server hands
 * out the closest encloser, next closer and wildcard proofs, dnsjava's {@code ValidatingResolver} (through
 * {@link LocalDnssecValidator}) checks them. A proven absence is secure; a proof with a part missing or wrong is
 * bogus. The DANE check consumes it for the MX hosts without TLSA: a DANE sender needs their absence proven and
 * defers mail when the proof is bogus.
 */
class Nsec3NameErrorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String ABSENT_TLSA = "_25._tcp.relay.example.com";

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Denial.class, names = {"NSEC", "NSEC3"})
    void aProvenNxdomainIsSecure(Denial denial) throws Exception {
        SignedZone zone = SignedZone.sign(mailZone(), denial);
        try (TestDnsServer dns = serve(zone)) {
            LocalDnssecValidator validator = validator(dns, zone);
            assertStatus(DnssecStatus.SECURE, validator, ABSENT_TLSA, RecordType.TLSA);
            assertStatus(DnssecStatus.SECURE, validator, "_mta-sts.example.com", RecordType.TXT);
            assertStatus(DnssecStatus.SECURE, validator, "a.b.c.nothing.example.com", RecordType.A);
        }
    }

    /** What the server sends: NXDOMAIN with distinct NSEC3 records for the three parts of the proof. */
    @Test
    void theNsec3ProofHasItsThreeParts() throws Exception {
        SignedZone zone = SignedZone.sign(mailZone(), Denial.NSEC3);
        try (TestDnsServer dns = serve(zone)) {
            Message query = Message.newQuery(Record.newRecord(Name.fromString(ABSENT_TLSA + "."), Type.TLSA, DClass.IN));
            query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
            Message response = dns.resolver().send(query);
            assertEquals(Rcode.NXDOMAIN, response.getRcode());
            List<Record> nsec3 = response.getSection(Section.AUTHORITY).stream()
                    .filter(r -> r.getType() == Type.NSEC3).toList();
            // closest encloser relay.example.com, next closer _tcp.relay.example.com, wildcard *.relay.example.com:
            // three records unless one NSEC3 happens to cover two of them
            assertTrue(nsec3.size() >= 2 && nsec3.size() <= 3, response::toString);
            assertEquals(nsec3.size(), response.getSection(Section.AUTHORITY).stream()
                    .filter(r -> r.getType() == Type.RRSIG && ((org.xbill.DNS.RRSIGRecord) r).getTypeCovered() == Type.NSEC3)
                    .count(), "each NSEC3 signed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Nsec3NameErrorProof.class, names = "COMPLETE", mode = EnumSource.Mode.EXCLUDE)
    void anNxdomainWithABrokenProofIsBogus(Nsec3NameErrorProof broken) throws Exception {
        SignedZone zone = SignedZone.sign(mailZone(), Denial.NSEC3);
        try (TestDnsServer dns = serve(zone)) {
            LocalDnssecValidator validator = validator(dns, zone);
            assertStatus(DnssecStatus.SECURE, validator, ABSENT_TLSA, RecordType.TLSA);
            dns.nsec3NameErrorProof(broken);
            // another absent name: dnsjava may cache the good proof's NSEC3 (aggressive use is not done, but be sure)
            assertStatus(DnssecStatus.BOGUS, validator(dns, zone), "_25._tcp.nothing.example.com", RecordType.TLSA);
        }
    }

    @Test
    void aSignedZoneWithoutDenialRecordsCannotProveAnAbsence() throws Exception {
        SignedZone zone = SignedZone.sign(mailZone(), Denial.NONE);
        try (TestDnsServer dns = serve(zone)) {
            assertStatus(DnssecStatus.BOGUS, validator(dns, zone), ABSENT_TLSA, RecordType.TLSA);
        }
    }

    /** The DANE check: TLSA on the primary only, the relay's absence proven: partial DANE, nothing bogus. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Denial.class, names = {"NSEC", "NSEC3"})
    void daneWithTheRelaysAbsenceProvenIsOnlyPartial(Denial denial) throws Exception {
        SignedZone zone = SignedZone.sign(mailZone(), denial);
        ValidationReport r = validate(zone, Nsec3NameErrorProof.COMPLETE);
        assertEquals(List.of("relay.example.com"), r.withCode(CheckCode.DANE_PARTIAL).stream().map(Finding::subject).toList());
        assertFalse(r.has(CheckCode.DANE_DNSSEC_BOGUS), RelayValidatorScenarioTest.describe(r));
        assertFalse(r.has(CheckCode.DNS_LOOKUP_FAILED), RelayValidatorScenarioTest.describe(r));
        assertTrue(r.passed().contains(CheckCode.DANE_DNSSEC_BOGUS.name()));
    }

    /** The relay's absence cannot be proven: DANE senders defer mail to it, so the check says bogus for it. */
    @Test
    void daneWithABrokenAbsenceProofIsBogusForThatMx() throws Exception {
        SignedZone zone = SignedZone.sign(mailZone(), Denial.NSEC3);
        ValidationReport r = validate(zone, Nsec3NameErrorProof.WITHOUT_WILDCARD);
        List<Finding> bogus = r.withCode(CheckCode.DANE_DNSSEC_BOGUS);
        assertEquals(List.of("relay.example.com"), bogus.stream().map(Finding::subject).toList(),
                RelayValidatorScenarioTest.describe(r));
        assertTrue(bogus.get(0).evidence().stream().anyMatch(e -> e.contains(ABSENT_TLSA) && e.contains("BOGUS")),
                bogus.get(0).evidence().toString());
        assertTrue(bogus.get(0).remedy().contains("NSEC/NSEC3"), bogus.get(0).remedy());
    }

    private static ValidationReport validate(SignedZone zone, Nsec3NameErrorProof proof) throws IOException {
        Scenario s = Scenario.named("dane-primary-only");
        List<String> zones = new ArrayList<>();
        for (String z : s.zones()) {
            zones.add(z.contains("$ORIGIN example.com.") ? zone.masterFile() : z);
        }
        try (TestDnsServer dns = TestDnsServer.start(zones.toArray(new String[0]));
             LiveDnsLookup live = LiveDnsLookup.servers(List.of(dns.address()), TIMEOUT)) {
            dns.nsec3NameErrorProof(proof);
            return new RelayValidator(live, s.mtaSts(), Duration.ofSeconds(30), ProbeOptions.disabled(),
                    validator(dns, zone)).validate(s.config());
        }
    }

    private static void assertStatus(DnssecStatus expected, LocalDnssecValidator validator, String name,
                                     RecordType type) throws Exception {
        DnssecVerdict v = validator.check(name, type).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(expected, v.status(), () -> name + " " + type + ": " + v.evidence());
    }

    private static LocalDnssecValidator validator(TestDnsServer dns, SignedZone zone) {
        return new LocalDnssecValidator(dns.resolver(), TrustAnchors.parse(zone.dsAnchor()), TIMEOUT, Clock.systemUTC());
    }

    private static TestDnsServer serve(SignedZone zone) throws IOException {
        return TestDnsServer.start(zone.masterFile());
    }

    /** dane-primary-only's example.com: TLSA at _25._tcp.v6only, none at the relay. */
    private static String mailZone() throws IOException {
        return Scenario.named("dane-primary-only").zones().stream().filter(z -> z.contains("$ORIGIN example.com."))
                .findFirst().orElseThrow();
    }
}
