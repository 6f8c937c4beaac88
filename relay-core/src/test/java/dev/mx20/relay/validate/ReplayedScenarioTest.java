package dev.mx20.relay.validate;

import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.testdns.RecordedAnswers;
import dev.mx20.relay.testdns.RecordingResolver;
import dev.mx20.relay.testdns.ReplayResolver;
import dev.mx20.relay.testdns.SignedZone;
import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.validate.dnssec.LocalDnssecValidator;
import dev.mx20.relay.validate.dnssec.TrustAnchors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.SimpleResolver;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

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

    /**
     * DNSSEC from a recording, as dnsjava tests its validator: the zone was signed once, at recording time, and
     * the answers (RRSIGs, DNSKEY, NSEC3 proofs) recorded; the validator checks them with its clock fixed at that
     * time and the recorded DS as trust anchor, so the same bytes validate the same way on every run.
     * {@code dane-both}: every answer secure. {@code dane-primary-only} with the wildcard part of the relay's
     * NSEC3 NXDOMAIN proof left out: its TLSA absence is bogus.
     */
    @ParameterizedTest(name = "{0} signed (replayed)")
    @ValueSource(strings = {"dane-both", "dane-primary-only"})
    void signedZonesValidateFromTheRecordingAlone(String name) throws Exception {
        Scenario s = Scenario.named(name);
        recordSignedIfAsked(s);
        SignedRecording rec = SignedRecording.read(s);
        ValidationReport report = rec.validate(s, rec.signedAt());
        assertEquals(List.of(), rec.resolver.unrecorded(), "questions not in the recording; " + RECORD_COMMAND);
        List<String> dnssec = report.findings().stream().map(Finding::code)
                .filter(c -> c.startsWith("DANE_DNSSEC") || c.endsWith("_INSECURE")).toList();
        if (name.equals("dane-both")) {
            assertEquals(List.of(), dnssec, () -> RelayValidatorScenarioTest.describe(report));
            assertTrue(report.passed().containsAll(List.of("DANE_TLSA_INSECURE", "DANE_MX_INSECURE", "DANE_DNSSEC_BOGUS")),
                    report.passed()::toString);
        } else {
            assertEquals(List.of("DANE_DNSSEC_BOGUS"), dnssec, () -> RelayValidatorScenarioTest.describe(report));
            assertEquals("relay.example.com", report.withCode(CheckCode.DANE_DNSSEC_BOGUS).get(0).subject());
        }
    }

    /** The same recorded bytes, validated 31 days later: the signatures (valid 30 days) have expired. */
    @Test
    void theRecordedSignaturesExpireOnTheValidatorsClock() throws Exception {
        Scenario s = Scenario.named("dane-both");
        recordSignedIfAsked(s);
        SignedRecording rec = SignedRecording.read(s);
        ValidationReport report = rec.validate(s, rec.signedAt().plus(Duration.ofDays(31)));
        assertTrue(report.has(CheckCode.DANE_DNSSEC_BOGUS), () -> RelayValidatorScenarioTest.describe(report));
    }

    private record SignedRecording(ReplayResolver resolver, String anchor, Instant signedAt) {
        static SignedRecording read(Scenario s) throws IOException {
            Path file = signedRecording(s);
            assertTrue(Files.exists(file), "no recording " + file + "; " + RECORD_COMMAND);
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(signedAnchor(s))) {
                p.load(r);
            }
            return new SignedRecording(new ReplayResolver(RecordedAnswers.read(file), file.getFileName().toString()),
                    p.getProperty("anchor"), Instant.parse(p.getProperty("signedAt")));
        }

        ValidationReport validate(Scenario s, Instant clock) throws IOException {
            try (LiveDnsLookup dns = new LiveDnsLookup(resolver, DEADLINE)) {
                LocalDnssecValidator validator = new LocalDnssecValidator(resolver, TrustAnchors.parse(anchor),
                        DEADLINE, Clock.fixed(clock, ZoneOffset.UTC));
                return new RelayValidator(dns, s.mtaSts(), Duration.ofSeconds(30), ProbeOptions.disabled(), validator)
                        .validate(s.config());
            }
        }
    }

    static Path signedRecording(Scenario s) {
        return Scenario.ROOT.resolveSibling("recorded").resolve(s.name() + ".signed.dns");
    }

    static Path signedAnchor(Scenario s) {
        return Scenario.ROOT.resolveSibling("recorded").resolve(s.name() + ".signed.properties");
    }

    /**
     * With {@code -Dmx20.dns.record=true}: sign the scenario's zone (NSEC3), serve it (for dane-primary-only with
     * the wildcard part of NXDOMAIN proofs left out), validate with DNSSEC through a recorder, write the answers
     * and, beside them, the trust anchor and the signing time.
     */
    static void recordSignedIfAsked(Scenario s) throws Exception {
        if (!Boolean.getBoolean("mx20.dns.record")) {
            return;
        }
        Instant signedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> zones = new ArrayList<>();
        SignedZone signed = null;
        for (String z : s.zones()) {
            if (z.contains("$ORIGIN example.com.")) {
                signed = SignedZone.sign(z, SignedZone.Denial.NSEC3, signedAt.minus(Duration.ofHours(1)),
                        signedAt.plus(Duration.ofDays(30)));
                zones.add(signed.masterFile());
            } else {
                zones.add(z);
            }
        }
        assertTrue(signed != null, "the scenario has an example.com zone");
        try (TestDnsServer server = TestDnsServer.start(zones.toArray(new String[0]))) {
            if (s.name().equals("dane-primary-only")) {
                server.nsec3NameErrorProof(TestDnsServer.Nsec3NameErrorProof.WITHOUT_WILDCARD);
            }
            SimpleResolver upstream = new SimpleResolver(server.address());
            upstream.setTimeout(DEADLINE);
            RecordingResolver recorder = new RecordingResolver(upstream);
            try (LiveDnsLookup dns = new LiveDnsLookup(recorder, DEADLINE)) {
                LocalDnssecValidator validator = new LocalDnssecValidator(recorder,
                        TrustAnchors.parse(signed.dsAnchor()), DEADLINE, Clock.fixed(signedAt, ZoneOffset.UTC));
                new RelayValidator(dns, s.mtaSts(), Duration.ofSeconds(30), ProbeOptions.disabled(), validator)
                        .validate(s.config());
            }
            String header = "Answers of TestDnsServer serving scenarios/" + s.name() + "/ with example.com signed "
                    + "(NSEC3)" + (s.name().equals("dane-primary-only") ? ", NXDOMAIN proofs without their wildcard part" : "")
                    + ",\nto a validation with DNSSEC; recorded by ReplayedScenarioTest. Do not edit: record again with\n"
                    + RECORD_COMMAND;
            String anchor = "# the trust anchor and the signing time of " + s.name() + ".signed.dns\n"
                    + "anchor=" + signed.dsAnchor() + "\nsignedAt=" + signedAt + "\n";
            for (Path dir : new Path[]{Scenario.ROOT.resolveSibling("recorded"),
                    Path.of("src/test/resources/dev/mx20/relay/validate/recorded")}) {
                if (Files.isDirectory(dir.getParent())) {
                    recorder.write(dir.resolve(s.name() + ".signed.dns"), header);
                    Files.writeString(dir.resolve(s.name() + ".signed.properties"), anchor);
                }
            }
        }
    }
}
