package dev.mx20.relay.validate;

import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.dns.OfflineDnsLookup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden scenarios: each directory's zones are served by a real DNS server (live mode over UDP/TCP) and also
 * given as records (offline mode); both must produce exactly the findings in {@code expected.txt}.
 */
class RelayValidatorScenarioTest {
    /** The checks the good scenario's configuration calls for: each must run and pass. */
    static final List<CheckCode> MUST_PASS_IN_GOOD = List.of(
            CheckCode.MX_LOOKUP_FAILED, CheckCode.MX_MISSING, CheckCode.MX_NULL, CheckCode.MX_NULL_WITH_OTHERS,
            CheckCode.MX_TOO_FEW, CheckCode.MX_PRIMARY_IS_RELAY,
            CheckCode.MX_PRIMARY_NOT_PUBLISHED, CheckCode.MX_RELAY_NOT_PUBLISHED,
            CheckCode.MX_RELAY_PREFERENCE_NOT_HIGHER, CheckCode.MX_PREFERENCE_MISMATCH,
            CheckCode.MX_OTHER_PREFERRED_OVER_RELAY, CheckCode.MX_TARGET_IP_LITERAL, CheckCode.MX_TARGET_CNAME,
            CheckCode.MX_TARGET_NO_ADDRESS, CheckCode.PRIMARY_NO_AAAA, CheckCode.RELAY_NO_A,
            CheckCode.RELAY_NO_AAAA, CheckCode.RELAY_ADDRESS_NOT_PUBLISHED, CheckCode.MX_ADDRESS_NOT_PUBLIC,
            CheckCode.PTR_MISSING, CheckCode.PTR_NOT_FORWARD_CONFIRMED, CheckCode.HELO_NAME_MISMATCH,
            CheckCode.SPF_MISSING, CheckCode.SPF_MULTIPLE, CheckCode.SPF_SYNTAX,
            CheckCode.SPF_RELAY_NOT_AUTHORISED, CheckCode.SPF_TOO_MANY_LOOKUPS,
            CheckCode.SPF_TOO_MANY_VOID_LOOKUPS, CheckCode.SPF_ALL_POLICY, CheckCode.DMARC_MISSING,
            CheckCode.NS_TOO_FEW, CheckCode.NS_IPV6_TOO_FEW, CheckCode.RECIPIENTS_MISSING,
            CheckCode.RECIPIENTS_WILDCARD, CheckCode.RECIPIENT_OUTSIDE_DOMAINS, CheckCode.OPEN_RELAY,
            CheckCode.QUEUE_LIFETIME_SHORT, CheckCode.SIZE_LIMIT_ABOVE_PRIMARY);

    static Stream<Scenario> scenarios() throws IOException {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0} (live DNS)")
    @MethodSource("scenarios")
    void liveDnsGivesTheGoldenFindings(Scenario s) throws IOException {
        try (TestDnsServer dns = s.serve()) {
            DnsLookup live = LiveDnsLookup.servers(List.of(dns.address()), Duration.ofSeconds(5));
            ValidationReport report = new RelayValidator(live, s.mtaSts()).validate(s.config());
            s.updateGoldenIfAsked(report);
            assertEquals(s.expected(), Scenario.actual(report), () -> describe(report));
            assertEquals(report.errors() == 0, report.valid());
        }
    }

    @ParameterizedTest(name = "{0} (offline records)")
    @MethodSource("scenarios")
    void offlineRecordsGiveTheSameFindings(Scenario s) throws IOException {
        DnsLookup offline = OfflineDnsLookup.parse(s.config().domains().get(0), s.recordLines());
        ValidationReport report = new RelayValidator(offline, s.mtaSts()).validate(s.config());
        assertEquals(s.expected(), Scenario.actual(report), () -> describe(report));
    }

    @org.junit.jupiter.api.Test
    void theRemedyForEqualPreferencesNeverRepeatsTheMistake() throws IOException {
        // published 10/10 and configured 10/10: the remedy must not suggest 10/10 again
        Scenario s = Scenario.named("equal-preference");
        DnsLookup offline = OfflineDnsLookup.parse("example.com", s.recordLines());
        RelayConfig config = RelayConfig.builder("example.com", "v6only.example.com", "relay.example.com")
                .preferences(10, 10).build();
        ValidationReport report = new RelayValidator(offline, s.mtaSts()).validate(config);
        String remedy = report.withCode(CheckCode.MX_RELAY_PREFERENCE_NOT_HIGHER).stream()
                .filter(f -> f.subject().equals("example.com")).findFirst().orElseThrow().remedy();
        org.junit.jupiter.api.Assertions.assertTrue(remedy.contains("IN MX 10 v6only.example.com.")
                && remedy.contains("IN MX 20 relay.example.com."), remedy);
    }

    /**
     * The pass side of every check at once: the pattern done right runs each check the configuration calls for
     * and lists it under {@code passed} (a check that did not run would be silently missing from the report).
     */
    @org.junit.jupiter.api.Test
    void theGoodSetupPassesEveryCheckThatApplies() throws IOException {
        Scenario s = Scenario.named("good");
        List<CheckCode> mustPass = MUST_PASS_IN_GOOD;
        try (TestDnsServer dns = s.serve()) {
            DnsLookup live = LiveDnsLookup.servers(List.of(dns.address()), Duration.ofSeconds(5));
            ValidationReport report = new RelayValidator(live, s.mtaSts()).validate(s.config());
            List<String> missing = mustPass.stream().map(Enum::name).filter(c -> !report.passed().contains(c))
                    .toList();
            assertEquals(List.of(), missing, () -> "passed: " + report.passed());
        }
    }

    /** The special-purpose scenario lists four kinds of address; the finding must name each, not just one. */
    @org.junit.jupiter.api.Test
    void everyNonPublicAddressIsNamed() throws IOException {
        Scenario s = Scenario.named("special-addresses");
        DnsLookup offline = OfflineDnsLookup.parse("example.com", s.recordLines());
        ValidationReport report = new RelayValidator(offline, s.mtaSts()).validate(s.config());
        String all = report.withCode(CheckCode.MX_ADDRESS_NOT_PUBLIC).toString();
        for (String address : List.of("::ffff:192.0.2.7", "fe80::25", "::1", "100.64.0.25")) {
            org.junit.jupiter.api.Assertions.assertTrue(all.contains(address), address + " in " + all);
        }
        org.junit.jupiter.api.Assertions.assertEquals(4, report.withCode(CheckCode.MX_ADDRESS_NOT_PUBLIC).size(),
                "one finding each, none for the public ones: " + all);
    }

    static String describe(ValidationReport report) {
        StringBuilder sb = new StringBuilder();
        report.findings().forEach(f -> sb.append(f.severity()).append(' ').append(f.code()).append(" [")
                .append(f.subject()).append("] ").append(f.message()).append("\n  remedy: ").append(f.remedy())
                .append("\n  evidence: ").append(f.evidence()).append('\n'));
        return sb.toString();
    }
}
