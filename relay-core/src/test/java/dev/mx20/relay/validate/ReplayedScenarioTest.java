package dev.mx20.relay.validate;

import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.testdns.RecordedAnswers;
import dev.mx20.relay.testdns.RecordingResolver;
import dev.mx20.relay.testdns.ReplayResolver;
import dev.mx20.relay.testdns.TestDnsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.SimpleResolver;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden scenarios replayed from recorded wire-format answers ({@code recorded/<scenario>.dns}): no server, no
 * socket, the live lookup path ({@link LiveDnsLookup} over a {@link ReplayResolver}) and exactly the findings of
 * {@code expected.txt}. The same scenarios still run against {@link TestDnsServer} in
 * {@link RelayValidatorScenarioTest}; these pin the answers, so a change in how answers are parsed or which
 * questions a check asks shows here as a failure naming the question.
 *
 * <p>To record again (after changing a scenario's zones, or a check that asks new questions):
 * {@code ./mvnw -q -o -pl relay-core -am test -Dtest=ReplayedScenarioTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmx20.dns.record=true}, then review the diff of {@code recorded/}.
 */
class ReplayedScenarioTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    static final String RECORD_COMMAND = "./mvnw -q -o -pl relay-core -am test -Dtest=ReplayedScenarioTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dmx20.dns.record=true";

    @ParameterizedTest(name = "{0} (replayed)")
    @ValueSource(strings = {"good", "spf-include-and-redirect", "mx-target-cname", "ptr-not-forward-confirmed",
            "ns-single-no-ipv6", "primary-intended-ipv6-only-has-a"})
    void replayedAnswersGiveTheGoldenFindings(String name) throws Exception {
        Scenario s = Scenario.named(name);
        recordIfAsked(s);
        Replay replay = replay(s);
        ValidationReport report = replay.validate(s);
        assertEquals(List.of(), replay.resolver.unrecorded(), "questions not in the recording; " + RECORD_COMMAND);
        assertEquals(s.expected(), Scenario.actual(report), () -> RelayValidatorScenarioTest.describe(report));
    }

    /**
     * The pass side of every check (what {@code theGoodSetupPassesEveryCheckThatApplies} asks of a live server)
     * from the recording alone.
     */
    @Test
    void theGoodSetupPassesEveryCheckFromTheRecording() throws Exception {
        Scenario s = Scenario.named("good");
        recordIfAsked(s);
        Replay replay = replay(s);
        ValidationReport report = replay.validate(s);
        List<String> missing = RelayValidatorScenarioTest.MUST_PASS_IN_GOOD.stream().map(Enum::name)
                .filter(c -> !report.passed().contains(c)).toList();
        assertEquals(List.of(), missing, () -> "passed: " + report.passed());
        assertEquals(List.of(), replay.resolver.unrecorded());
    }

    /** A recording that lacks a question the validation asks must say so, not pass as "record missing". */
    @Test
    void anUnrecordedQuestionFailsLoudly() throws Exception {
        Scenario s = Scenario.named("good");
        recordIfAsked(s);
        String text = Files.readString(recording(s));
        // drop the relay's A answer from the recording
        String shortened = java.util.regex.Pattern.compile("(?s)\nquestion relay\\.example\\.com\\. IN A\n.*?\n\n")
                .matcher(text).replaceFirst("\n\n");
        assertTrue(shortened.length() < text.length(), "the recording holds relay.example.com. IN A");
        ReplayResolver resolver = new ReplayResolver(RecordedAnswers.parse(shortened, "shortened"), "shortened");
        try (LiveDnsLookup dns = new LiveDnsLookup(resolver, DEADLINE)) {
            ValidationReport report = new RelayValidator(dns, s.mtaSts()).validate(s.config());
            assertEquals(List.of("relay.example.com. IN A"), resolver.unrecorded().stream().distinct().toList());
            // what the lookup layer makes of it: a failed lookup quoting the replay's message, never "no A record"
            assertTrue(report.withCode(CheckCode.RELAY_NO_A).isEmpty(), report.findings().toString());
            assertTrue(report.withCode(CheckCode.DNS_LOOKUP_FAILED).toString().contains("no answer recorded"),
                    report.findings().toString());
        }
    }

    private record Replay(ReplayResolver resolver) {
        ValidationReport validate(Scenario s) throws IOException {
            try (LiveDnsLookup dns = new LiveDnsLookup(resolver, DEADLINE)) {
                return new RelayValidator(dns, s.mtaSts()).validate(s.config());
            }
        }
    }

    private static Replay replay(Scenario s) throws IOException {
        Path file = recording(s);
        assertTrue(Files.exists(file), "no recording " + file + "; " + RECORD_COMMAND);
        return new Replay(new ReplayResolver(RecordedAnswers.read(file), file.getFileName().toString()));
    }

    static Path recording(Scenario s) {
        return Scenario.ROOT.resolveSibling("recorded").resolve(s.name() + ".dns");
    }

    /** With {@code -Dmx20.dns.record=true}: serve the scenario, validate through a recorder, write the file. */
    static void recordIfAsked(Scenario s) throws IOException {
        if (!Boolean.getBoolean("mx20.dns.record")) {
            return;
        }
        try (TestDnsServer server = s.serve()) {
            SimpleResolver upstream = new SimpleResolver(server.address());
            upstream.setTimeout(DEADLINE);
            RecordingResolver recorder = new RecordingResolver(upstream);
            try (LiveDnsLookup dns = new LiveDnsLookup(recorder, DEADLINE)) {
                new RelayValidator(dns, s.mtaSts()).validate(s.config());
            }
            String header = "Answers of TestDnsServer serving scenarios/" + s.name() + "/ to the questions of its "
                    + "validation,\nrecorded by ReplayedScenarioTest. Do not edit: record again with\n" + RECORD_COMMAND;
            recorder.write(recording(s), header); // test-classes: this run replays it
            Path source = Path.of("src/test/resources/dev/mx20/relay/validate/recorded", s.name() + ".dns");
            if (Files.isDirectory(Path.of("src/test/resources/dev/mx20/relay/validate"))) {
                recorder.write(source, header);
            }
        }
    }
}
