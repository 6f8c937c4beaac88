package dev.mx20.dsn.classify;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live check of the genuine fixtures: runs a few scenarios of {@code src/test/genuine} (real Postfix instances
 * and NSD in a network namespace, documentation addresses only) into a temporary directory and checks that the
 * bounce the sending MTA writes NOW is classified as the committed {@code .classified} file says: Postfix
 * (including its double bounce), and OpenSMTPD and nullmailer (unpacked by the scenario with {@code apt-get
 * download}). Catches an MTA whose wording changed, and a harness that no longer reproduces its scenario. Skipped
 * (not failed) where the scenarios cannot run: not root, postfix / nsd / swaks / iproute2 missing, or a package
 * cannot be fetched. Bounded: 3 minutes a scenario.
 */
class GenuineBouncesIT {

    @ParameterizedTest
    @CsvSource({"postfix, mx-no-aaaa", "postfix, ipv6-unreachable", "postfix, ptr-missing-ipv6",
            "opensmtpd, opensmtpd-ptr-missing-ipv6", "postfix, double-bounce-ipv6-only-sender",
            "nullmailer, nullmailer-ptr-missing-ipv6", "postfix, implicit-mx-ipv6-only"})
    void senderStillWritesWhatTheFixtureSays(String family, String scenario, @TempDir Path out) throws Exception {
        Path script = Path.of("src/test/genuine", scenario, "run.sh").toAbsolutePath();
        assertTrue(Files.isRegularFile(script), "missing " + script);
        String output = run(script, out);
        Assumptions.assumeFalse(output.contains(": SKIP:"), output.trim());
        Path eml = out.resolve(family).resolve("genuine-" + scenario + ".eml");
        assertTrue(Files.isRegularFile(eml), "no bounce captured:\n" + output);
        Path classified = Path.of("src/test/resources/fixtures", family, "genuine-" + scenario + ".classified");
        ClassifiedFixturesTest.check(eml, classified);
    }

    private static String run(Path script, Path out) throws IOException, InterruptedException {
        Path log = Files.createTempFile("genuine-", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("FIXTURES", out.toString());
        Process p = pb.start();
        boolean finished = p.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            p.destroy(); // TERM: the script's trap stops its MTAs and deletes its namespace
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(output);
        assertTrue(finished, script + " did not finish within 3 minutes:\n" + output);
        assertEquals(0, p.exitValue(), script + " failed:\n" + output);
        return output;
    }
}
