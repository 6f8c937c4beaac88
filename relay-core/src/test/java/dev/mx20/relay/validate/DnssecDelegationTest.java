package dev.mx20.relay.validate;

import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.testdns.SignedZone;
import dev.mx20.relay.testdns.SignedZone.Denial;
import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.validate.dnssec.DnssecStatus;
import dev.mx20.relay.validate.dnssec.DnssecVerdict;
import dev.mx20.relay.validate.dnssec.LocalDnssecValidator;
import dev.mx20.relay.dns.RecordType;
import dev.mx20.relay.validate.dnssec.TrustAnchors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DNSSEC across a delegation: a signed parent zone ({@code com.}, the only trust anchor) and the mail zone
 * {@code example.com.} below it, both served by one {@link TestDnsServer}. The validator walks from the parent's
 * key to the child: a DS that matches makes the child secure; a DS proven absent by NSEC or NSEC3 makes it
 * insecure (RFC 4035 §5.2, RFC 5155 §8.6), so DANE there is ineffective; a DS that matches no key, or an
 * absence the parent cannot prove, is bogus, never "insecure".
 */
class DnssecDelegationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PARENT = """
            $ORIGIN com.
            $TTL 300
            @        IN SOA  a.nic hostmaster.nic 1 3600 600 86400 300
            @        IN NS   a.nic
            a.nic    IN AAAA 2001:db8::35
            example  IN NS   ns1.example.com.
            example  IN NS   ns2.example.com.
            other    IN NS   ns1.other.com.
            ns1.other IN AAAA 2001:db8::36
            """;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Denial.class, names = {"NSEC", "NSEC3"})
    void aSignedChildWithItsDsAtTheParentIsSecure(Denial denial) throws Exception {
        Scenario s = Scenario.named("dane-both");
        SignedZone child = SignedZone.sign(mailZone(s));
        SignedZone parent = SignedZone.sign(PARENT + child.dsAnchor() + "\n", denial);
        ValidationReport r = validate(s, parent, child.masterFile());
        for (CheckCode c : List.of(CheckCode.DANE_TLSA_INSECURE, CheckCode.DANE_MX_INSECURE,
                CheckCode.DANE_DNSSEC_BOGUS)) {
            assertFalse(r.has(c), c + "\n" + RelayValidatorScenarioTest.describe(r));
            assertTrue(r.passed().contains(c.name()), c + " ran");
        }
        assertTrue(r.valid(), RelayValidatorScenarioTest.describe(r));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Denial.class, names = {"NSEC", "NSEC3"})
    void anUnsignedChildUnderASignedParentIsProvenInsecure(Denial denial) throws Exception {
        Scenario s = Scenario.named("dane-both");
        SignedZone parent = SignedZone.sign(PARENT, denial);
        // the proof the validator relies on: the parent's signed denial of example.com DS
        Message ds = ask(parent, mailZone(s), "example.com.", Type.DS);
        int proofType = denial == Denial.NSEC ? Type.NSEC : Type.NSEC3;
        assertTrue(ds.getSection(Section.AUTHORITY).stream().anyMatch(rec -> rec.getType() == proofType), ds::toString);
        assertTrue(ds.getSection(Section.AUTHORITY).stream().noneMatch(rec -> rec.getType() == Type.NS), ds::toString);

        ValidationReport r = validate(s, parent, mailZone(s));
        assertEquals(List.of("v6only.example.com", "relay.example.com"),
                r.withCode(CheckCode.DANE_TLSA_INSECURE).stream().map(Finding::subject).toList(),
                RelayValidatorScenarioTest.describe(r));
        assertEquals(List.of("example.com"),
                r.withCode(CheckCode.DANE_MX_INSECURE).stream().map(Finding::subject).toList());
        assertFalse(r.has(CheckCode.DANE_DNSSEC_BOGUS), RelayValidatorScenarioTest.describe(r));
        assertFalse(r.has(CheckCode.DNS_LOOKUP_FAILED), RelayValidatorScenarioTest.describe(r));
        Finding tlsa = r.withCode(CheckCode.DANE_TLSA_INSECURE).get(0);
        assertTrue(tlsa.evidence().stream().anyMatch(e -> e.contains("TLSA: DNSSEC INSECURE")), tlsa.evidence()::toString);
    }

    @Test
    void theVerdictIsInsecureNotMerelyUnauthenticated() throws Exception {
        // straight to the validator: the reason must be the proven insecure delegation
        Scenario s = Scenario.named("dane-both");
        for (Denial denial : List.of(Denial.NSEC, Denial.NSEC3)) {
            SignedZone parent = SignedZone.sign(PARENT, denial);
            try (TestDnsServer dns = TestDnsServer.start(parent.masterFile(), mailZone(s))) {
                LocalDnssecValidator v = new LocalDnssecValidator(dns.resolver(),
                        TrustAnchors.parse(parent.dsAnchor()), TIMEOUT, Clock.systemUTC());
                DnssecVerdict verdict = v.check("_25._tcp.relay.example.com", RecordType.TLSA)
                        .toCompletableFuture().get();
                assertEquals(DnssecStatus.INSECURE, verdict.status(), denial + ": " + verdict);
            }
        }
    }

    @Test
    void aParentThatCannotProveTheDsAbsenceMakesTheChildBogus() throws Exception {
        // signed parent without NSEC/NSEC3: its "no DS" answer proves nothing, so an attacker could have
        // stripped the DS; a validator must not downgrade to insecure (RFC 4035 §5.4)
        Scenario s = Scenario.named("dane-both");
        SignedZone parent = SignedZone.sign(PARENT, Denial.NONE);
        ValidationReport r = validate(s, parent, mailZone(s));
        assertFalse(r.has(CheckCode.DANE_TLSA_INSECURE), RelayValidatorScenarioTest.describe(r));
        assertFalse(r.has(CheckCode.DANE_MX_INSECURE), RelayValidatorScenarioTest.describe(r));
        assertEquals(List.of("example.com", "v6only.example.com", "relay.example.com"),
                r.withCode(CheckCode.DANE_DNSSEC_BOGUS).stream().map(Finding::subject).toList(),
                RelayValidatorScenarioTest.describe(r));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Denial.class, names = {"NSEC", "NSEC3"})
    void aDsMatchingNoKeyOfTheChildIsBogus(Denial denial) throws Exception {
        // the parent publishes the DS of a key the child no longer signs with (a botched key rollover)
        Scenario s = Scenario.named("dane-both");
        SignedZone oldKey = SignedZone.sign(mailZone(s));
        SignedZone newKey = SignedZone.sign(mailZone(s));
        SignedZone parent = SignedZone.sign(PARENT + oldKey.dsAnchor() + "\n", denial);
        ValidationReport r = validate(s, parent, newKey.masterFile());
        assertEquals(List.of("example.com", "v6only.example.com", "relay.example.com"),
                r.withCode(CheckCode.DANE_DNSSEC_BOGUS).stream().map(Finding::subject).toList(),
                RelayValidatorScenarioTest.describe(r));
        assertFalse(r.valid());
        assertFalse(r.has(CheckCode.DANE_TLSA_INSECURE));
    }

    @Test
    void theParentsOwnNegativeAnswersValidate() throws Exception {
        // NODATA and NXDOMAIN inside the signed parent: the chain the server hands out is a real proof
        for (Denial denial : List.of(Denial.NSEC, Denial.NSEC3)) {
            SignedZone parent = SignedZone.sign(PARENT, denial);
            try (TestDnsServer dns = TestDnsServer.start(parent.masterFile())) {
                LocalDnssecValidator v = new LocalDnssecValidator(dns.resolver(),
                        TrustAnchors.parse(parent.dsAnchor()), TIMEOUT, Clock.systemUTC());
                DnssecVerdict nodata = v.check("a.nic.com", RecordType.TXT).toCompletableFuture().get();
                assertEquals(DnssecStatus.SECURE, nodata.status(), denial + " NODATA: " + nodata);
                if (denial == Denial.NSEC) {
                    DnssecVerdict nx = v.check("nothing.com", RecordType.A).toCompletableFuture().get();
                    assertEquals(DnssecStatus.SECURE, nx.status(), "NXDOMAIN: " + nx);
                }
            }
        }
    }

    private static Message ask(SignedZone parent, String child, String name, int type) throws Exception {
        try (TestDnsServer dns = TestDnsServer.start(parent.masterFile(), child)) {
            SimpleResolver res = dns.resolver();
            res.setEDNS(0, 1232, org.xbill.DNS.ExtendedFlags.DO, List.of());
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
            Message m = res.send(q);
            assertTrue(m.getHeader().getFlag(Flags.AA), m::toString);
            return m;
        }
    }

    private static ValidationReport validate(Scenario s, SignedZone parent, String mailZone) throws IOException {
        List<String> zones = new ArrayList<>();
        zones.add(parent.masterFile());
        for (String z : s.zones()) {
            zones.add(z.contains("$ORIGIN example.com.") ? mailZone : z);
        }
        try (TestDnsServer dns = TestDnsServer.start(zones.toArray(new String[0]));
             LiveDnsLookup live = LiveDnsLookup.servers(List.of(dns.address()), TIMEOUT)) {
            LocalDnssecValidator validator = new LocalDnssecValidator(dns.resolver(),
                    TrustAnchors.parse(parent.dsAnchor()), TIMEOUT, Clock.systemUTC());
            return new RelayValidator(live, s.mtaSts(), Duration.ofSeconds(30), ProbeOptions.disabled(), validator)
                    .validate(s.config());
        }
    }

    private static String mailZone(Scenario s) throws IOException {
        return s.zones().stream().filter(z -> z.contains("$ORIGIN example.com.")).findFirst().orElseThrow();
    }
}
