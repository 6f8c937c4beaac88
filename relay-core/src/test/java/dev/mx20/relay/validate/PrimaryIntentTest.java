package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.dns.DnsStatus;
import dev.mx20.relay.dns.OfflineDnsLookup;
import dev.mx20.relay.dns.RecordType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's intent for the primary ({@code primaryIpv6Only}) against what DNS publishes: the wording of the
 * findings (the golden scenarios fix their codes and severities), and what "passed" says.
 */
class PrimaryIntentTest {
    private static ValidationReport offline(String scenario) throws IOException {
        Scenario s = Scenario.named(scenario);
        DnsLookup dns = OfflineDnsLookup.parse(s.config().domains().get(0), s.recordLines());
        return new RelayValidator(dns, s.mtaSts()).validate(s.config());
    }

    private static Finding only(ValidationReport report, CheckCode code) {
        List<Finding> found = report.withCode(code);
        assertEquals(1, found.size(), () -> code + ": " + report.findings());
        return found.get(0);
    }

    @Test
    void anIpv6OnlyPrimaryThatPublishesASaysWhichRecordToRemove() throws IOException {
        Finding f = only(offline("primary-intended-ipv6-only-has-a"), CheckCode.PRIMARY_HAS_IPV4);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.message().contains("bypass the relay") && f.message().contains("192.0.2.10"), f.message());
        assertTrue(f.remedy().contains("v6only.example.com. IN A 192.0.2.10"), f.remedy());
        assertTrue(f.remedy().contains("primaryIpv6Only to false"), f.remedy());
        assertTrue(f.evidence().contains("v6only.example.com A 192.0.2.10"), f.evidence().toString());
    }

    @Test
    void aDualStackPrimaryWithoutASaysWhatToPublish() throws IOException {
        Finding f = only(offline("primary-intended-dual-stack-no-a"), CheckCode.PRIMARY_IPV6_ONLY);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.remedy().startsWith("v6only.example.com. IN A <the primary's IPv4 address>"), f.remedy());
        assertTrue(f.remedy().contains("primaryIpv6Only to true"), f.remedy());
    }

    @Test
    void anIntentThatDnsConfirmsIsANoteAndTheOtherCodePasses() throws IOException {
        ValidationReport v6 = offline("primary-intended-ipv6-only");
        assertEquals(Severity.INFO, only(v6, CheckCode.PRIMARY_IPV6_ONLY).severity());
        assertTrue(v6.passed().contains("PRIMARY_HAS_IPV4"), v6.passed().toString());

        ValidationReport dual = offline("primary-intended-dual-stack");
        assertEquals(Severity.INFO, only(dual, CheckCode.PRIMARY_HAS_IPV4).severity());
        assertTrue(dual.passed().contains("PRIMARY_IPV6_ONLY"), dual.passed().toString());
    }

    @Test
    void withoutAnIntentNeitherFactIsJudged() throws IOException {
        ValidationReport good = offline("good");
        assertEquals(Severity.INFO, only(good, CheckCode.PRIMARY_IPV6_ONLY).severity());
        assertFalse(good.passed().contains("PRIMARY_HAS_IPV4"), "not judged, so not 'passed': " + good.passed());
    }

    @Test
    void aBackupRelayWithoutAnAddressFamilyLosesOnlyTheBackupPath() throws IOException {
        Finding noA = only(offline("backup-mx-relay-no-a"), CheckCode.RELAY_NO_A);
        assertEquals(Severity.WARNING, noA.severity());
        assertTrue(noA.message().contains("backup MX"), noA.message());
        assertEquals("relay.example.com. IN A 192.0.2.1", noA.remedy());
        Finding noAaaa = only(offline("backup-mx-relay-no-aaaa"), CheckCode.RELAY_NO_AAAA);
        assertEquals(Severity.WARNING, noAaaa.severity());
        assertTrue(noAaaa.message().contains("over IPv4"), noAaaa.message());
    }

    /** The primary's A cannot be learnt: with an intent to compare against, that is an inconclusive check. */
    @Test
    void aFailedALookupOfThePrimaryIsInconclusiveNotAVerdict() throws IOException {
        Scenario s = Scenario.named("primary-intended-ipv6-only-has-a");
        DnsLookup records = OfflineDnsLookup.parse("example.com", s.recordLines());
        DnsLookup failingA = (name, type) -> name.startsWith("v6only.") && type == RecordType.A
                ? CompletableFuture.completedFuture(DnsAnswer.failure(name, type, DnsStatus.SERVFAIL, "test"))
                : records.lookup(name, type);
        ValidationReport report = new RelayValidator(failingA, s.mtaSts()).validate(s.config());
        assertTrue(report.withCode(CheckCode.PRIMARY_HAS_IPV4).isEmpty(), report.findings().toString());
        assertTrue(report.withCode(CheckCode.PRIMARY_IPV6_ONLY).isEmpty(), report.findings().toString());
        assertTrue(report.withCode(CheckCode.DNS_LOOKUP_FAILED).stream()
                .anyMatch(f -> f.message().contains("IPv6-only as configured")), report.findings().toString());
    }
}
