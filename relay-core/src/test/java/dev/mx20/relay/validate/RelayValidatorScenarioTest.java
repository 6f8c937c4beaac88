package dev.mx20.relay.validate;

import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.validate.dns.DnsLookup;
import dev.mx20.relay.validate.dns.LiveDnsLookup;
import dev.mx20.relay.validate.dns.OfflineDnsLookup;
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

    static String describe(ValidationReport report) {
        StringBuilder sb = new StringBuilder();
        report.findings().forEach(f -> sb.append(f.severity()).append(' ').append(f.code()).append(" [")
                .append(f.subject()).append("] ").append(f.message()).append("\n  remedy: ").append(f.remedy())
                .append("\n  evidence: ").append(f.evidence()).append('\n'));
        return sb.toString();
    }
}
