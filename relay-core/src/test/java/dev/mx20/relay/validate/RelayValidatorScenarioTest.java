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

    static String describe(ValidationReport report) {
        StringBuilder sb = new StringBuilder();
        report.findings().forEach(f -> sb.append(f.severity()).append(' ').append(f.code()).append(" [")
                .append(f.subject()).append("] ").append(f.message()).append("\n  remedy: ").append(f.remedy())
                .append("\n  evidence: ").append(f.evidence()).append('\n'));
        return sb.toString();
    }
}
