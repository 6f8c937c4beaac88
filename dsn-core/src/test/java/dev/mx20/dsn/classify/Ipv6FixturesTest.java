package dev.mx20.dsn.classify;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.taxonomy.Classification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end, golden-file style: whole bounce messages modelled on Postfix and Exim output (documentation
 * addresses only) go through {@link BounceAnalyzer}; the expected classification of the first recipient sits
 * beside each message in {@code <name>.expected} ({@code key=value} lines).
 */
class Ipv6FixturesTest {

    static List<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(Ipv6FixturesTest.class.getResource("ipv6").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> eml = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
            assertFalse(eml.isEmpty(), "no fixtures in " + dir);
            return eml;
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void classifiesTheFixture(Path eml) throws Exception {
        Map<String, String> expected = new HashMap<>();
        Path exp = eml.resolveSibling(eml.getFileName().toString().replace(".eml", ".expected"));
        for (String line : Files.readAllLines(exp, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                expected.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        BounceReport report = BounceAnalyzer.create().analyze(Files.readAllBytes(eml));
        assertFalse(report.recipients().isEmpty(), "the parser found no recipient");
        RecipientReport first = report.recipients().get(0);
        Classification c = first.classification();
        assertEquals(expected.get("cause"), c.cause(), () -> "evidence: " + c.evidence());
        assertEquals(expected.get("category"), c.category().id());
        assertEquals(expected.get("permanence"), c.permanence().id());
        assertEquals(Boolean.parseBoolean(expected.get("ipv6")), c.ipv6());
        assertFalse(c.evidence().isBlank());
        assertTrue(c.remedy().length() > 20);
    }
}
