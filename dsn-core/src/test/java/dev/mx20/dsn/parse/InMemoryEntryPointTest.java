package dev.mx20.dsn.parse;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.DsnParseException;
import dev.mx20.dsn.model.BounceReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code parse(byte[])} reads the caller's array in place (no copy) and must give exactly what
 * {@code parse(InputStream)} gives for the same bytes: every fixture, every truncation, the size limit.
 */
class InMemoryEntryPointTest {
    private final ReportParser parser = new ReportParser(DsnLimits.DEFAULT);

    private static List<byte[]> fixtures() throws IOException {
        Path root = Path.of("src/test/resources/fixtures");
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> eml = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
            List<byte[]> out = new java.util.ArrayList<>();
            for (Path p : eml) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        }
    }

    @Test
    void everyFixtureGivesTheSameReportThroughBothEntryPoints() throws Exception {
        List<byte[]> all = fixtures();
        assertFalse(all.isEmpty(), "fixtures not found");
        BounceAnalyzer analyzer = BounceAnalyzer.create();
        for (byte[] b : all) {
            byte[] before = b.clone();
            assertEquals(parser.parse(new ByteArrayInputStream(b)), parser.parse(b));
            assertEquals(analyzer.analyze(new ByteArrayInputStream(b)), analyzer.analyze(b));
            assertTrue(Arrays.equals(before, b), "the caller's array must not be modified");
        }
    }

    @Test
    void truncatedAndRandomInputGiveTheSameReport() throws Exception {
        byte[] full = fixtures().get(0);
        for (int cut = 0; cut < full.length; cut += 13) {
            byte[] part = Arrays.copyOf(full, cut);
            assertEquals(parser.parse(new ByteArrayInputStream(part)), parser.parse(part));
        }
        Random random = new Random(20261121L);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[random.nextInt(2048)];
            random.nextBytes(b);
            assertEquals(outcome(() -> parser.parse(new ByteArrayInputStream(b))), outcome(() -> parser.parse(b)));
        }
    }

    @Test
    void theSizeLimitAppliesInMemoryWithTheSameWarning() throws Exception {
        String head = "From: MAILER-DAEMON@example.org\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Content-Type: text/plain\r\n\r\n<user@example.com>: host mx.example.com said: 550 5.1.1 "
                + "user unknown\r\n";
        byte[] b = (head + "x".repeat(4096)).getBytes(StandardCharsets.US_ASCII);
        ReportParser small = new ReportParser(new DsnLimits(1024, 4096, 100, 8, 10));
        BounceReport inMemory = small.parse(b);
        assertEquals(small.parse(new ByteArrayInputStream(b)), inMemory);
        assertTrue(inMemory.warnings().contains("message longer than 1024 bytes; read only that much"),
                inMemory.warnings()::toString);
        // exactly at the limit: nothing is cut
        BounceReport exact = small.parse(Arrays.copyOf(b, 1024));
        assertTrue(exact.warnings().stream().noneMatch(w -> w.startsWith("message longer")), exact.warnings()::toString);
    }

    private interface Parse {
        BounceReport run() throws DsnParseException;
    }

    private static Object outcome(Parse p) {
        try {
            return p.run();
        } catch (DsnParseException e) {
            return e.getClass();
        }
    }
}
