package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Field;
import dev.mx20.dsn.model.RecipientReport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden-file tests: every {@code fixtures/<family>/<name>.eml} is parsed and compared with the fields listed
 * in {@code <name>.expected} beside it ({@code key=value} lines; {@code key~=text} means "contains").
 * Only the listed keys are checked, so a fixture states exactly what its format must yield.
 */
class FixtureTest {
    private final ReportParser parser = new ReportParser(DsnLimits.DEFAULT);

    @TestFactory
    Stream<DynamicTest> everyFixtureMatchesItsExpectation() throws IOException, URISyntaxException {
        Path root = Path.of(FixtureTest.class.getResource("/fixtures").toURI());
        List<Path> emls;
        try (Stream<Path> s = Files.walk(root)) {
            emls = s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        assertTrue(emls.size() >= 15, "fixtures present");
        return emls.stream().map(eml -> DynamicTest.dynamicTest(root.relativize(eml).toString(), () -> check(eml)));
    }

    private void check(Path eml) throws Exception {
        Path expectedFile = Path.of(eml.toString().replace(".eml", ".expected"));
        assertTrue(Files.exists(expectedFile), "missing " + expectedFile.getFileName());
        Map<String, String> expected = readExpected(expectedFile);
        assertFalse(expected.isEmpty());
        BounceReport r;
        try (InputStream in = Files.newInputStream(eml)) {
            r = parser.parse(in);
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String key = e.getKey();
            boolean contains = key.endsWith("~");
            String k = contains ? key.substring(0, key.length() - 1) : key;
            if (k.equals("extension") || k.endsWith(".extension")) {
                List<Field> fields = k.equals("extension") ? r.extensionFields()
                        : recipient(r, k).extensionFields();
                assertTrue(hasField(fields, e.getValue()), eml.getFileName() + ": field " + e.getValue()
                        + " kept in the extension fields of " + k + ": " + fields);
                continue;
            }
            String actual = lookup(r, k);
            if (contains) {
                assertNotNull(actual, eml.getFileName() + ": " + k + " missing");
                assertTrue(actual.contains(e.getValue()), eml.getFileName() + ": " + k + " = '" + actual
                        + "' should contain '" + e.getValue() + "'");
            } else {
                assertEquals(e.getValue(), String.valueOf(actual), eml.getFileName() + ": " + k + " in " + r);
            }
        }
        // The classifier fills classification; the parser must leave it empty.
        for (RecipientReport rr : r.recipients()) {
            assertEquals(null, rr.classification());
        }
    }

    private static String lookup(BounceReport r, String key) {
        return switch (key) {
            case "kind" -> r.kind().name();
            case "format" -> r.format();
            case "reportingMta" -> r.reportingMta();
            case "receivedFromMta" -> r.receivedFromMta();
            case "originalEnvelopeId" -> r.originalEnvelopeId();
            case "recipients" -> String.valueOf(r.recipients().size());
            case "original.messageId" -> r.original().messageId();
            case "original.subject" -> r.original().subject();
            case "original.from" -> r.original().from();
            case "original.to" -> r.original().to();
            default -> recipientField(r, key);
        };
    }

    private static String recipientField(BounceReport r, String key) {
        if (!key.startsWith("r") || key.indexOf('.') < 0) {
            fail("unknown key " + key);
        }
        RecipientReport rr = recipient(r, key);
        String field = key.substring(key.indexOf('.') + 1);
        return switch (field) {
            case "finalRecipient" -> rr.finalRecipient();
            case "originalRecipient" -> rr.originalRecipient();
            case "action" -> rr.action() == null ? "null" : rr.action().name();
            case "status" -> rr.status();
            case "remoteMta" -> rr.remoteMta();
            case "replyCode" -> rr.diagnostic() == null ? null : String.valueOf(rr.diagnostic().replyCode());
            case "diagnostic" -> rr.diagnostic() == null ? null : rr.diagnostic().text();
            case "diagnosticType" -> rr.diagnostic() == null ? null : rr.diagnostic().type();
            case "willRetryUntil" -> rr.willRetryUntil();
            case "lastAttemptDate" -> rr.lastAttemptDate();
            default -> throw new AssertionError("unknown key " + key);
        };
    }

    private static RecipientReport recipient(BounceReport r, String key) {
        int n = Integer.parseInt(key.substring(1, key.indexOf('.')));
        assertTrue(n <= r.recipients().size(), "no recipient " + n + " in " + r);
        return r.recipients().get(n - 1);
    }

    static Map<String, String> readExpected(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    private static boolean hasField(List<Field> fields, String name) {
        return fields.stream().anyMatch(f -> f.name().equalsIgnoreCase(name));
    }
}
