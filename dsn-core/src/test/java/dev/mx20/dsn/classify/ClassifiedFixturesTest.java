package dev.mx20.dsn.classify;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.taxonomy.Classification;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden-file classification: every {@code fixtures/<family>/<name>.eml} that has a {@code <name>.classified}
 * beside it goes through the whole {@link BounceAnalyzer}, and each recipient's classification is compared
 * with the {@code rN.key=value} lines there (keys: {@code cause}, {@code category}, {@code permanence},
 * {@code ipv6}, {@code status}). The genuine Postfix bounces captured by {@code src/test/genuine} are checked
 * this way; {@code FixtureTest} checks the parsed structure of the same messages from {@code <name>.expected}.
 */
class ClassifiedFixturesTest {

    @TestFactory
    Stream<DynamicTest> everyClassifiedFixtureMatches() throws IOException, URISyntaxException {
        Path root = Path.of(ClassifiedFixturesTest.class.getResource("/fixtures").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".classified")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no .classified fixtures under " + root);
        return files.stream().map(f -> DynamicTest.dynamicTest(root.relativize(f).toString(), () -> check(f)));
    }

    private static void check(Path classified) throws Exception {
        check(Path.of(classified.toString().replace(".classified", ".eml")), classified);
    }

    /** Analyzes {@code eml} and compares each recipient's classification with {@code classified}. */
    static void check(Path eml, Path classified) throws Exception {
        assertTrue(Files.exists(eml), "missing " + eml.getFileName());
        Map<String, String> expected = read(classified);
        assertFalse(expected.isEmpty(), "empty " + classified.getFileName());
        BounceReport report = BounceAnalyzer.create().analyze(Files.readAllBytes(eml));
        String name = eml.getFileName().toString();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            assertTrue(key.startsWith("r") && dot > 1, name + ": key must be rN.field: " + key);
            int n = Integer.parseInt(key.substring(1, dot));
            assertTrue(n <= report.recipients().size(), name + ": no recipient " + n + " in " + report);
            RecipientReport r = report.recipients().get(n - 1);
            Classification c = r.classification();
            String actual = switch (key.substring(dot + 1)) {
                case "cause" -> c.cause();
                case "category" -> c.category().id();
                case "permanence" -> c.permanence().id();
                case "ipv6" -> String.valueOf(c.ipv6());
                case "status" -> r.status();
                default -> throw new AssertionError(name + ": unknown key " + key);
            };
            assertEquals(e.getValue(), actual, () -> name + ": " + key + " (evidence: " + c.evidence() + ")");
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return out;
    }
}
