package dev.mx20.rest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service refuses to start with a limit out of range (Hibernate Validator on the config mapping),
 * naming the key, rather than running without it. Starts the real jar (failsafe runs after packaging).
 */
class ConfigValidationIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @ParameterizedTest
    @CsvSource({
            "mx20.dsn.max-message-size, 10, mx20.dsn.max-message-size must be greater than or equal to 1024",
            "mx20.dsn.batch.top-n, 1000, mx20.dsn.batch.top-n must be less than or equal to 100",
            "mx20.dsn.batch.max-size, 0, mx20.dsn.batch.max-size must be greater than or equal to 1024",
            "mx20.http.max-header-size, 100, mx20.http.max-header-size must be greater than or equal to 1024",
            // a documented limit the HTTP codec's ceiling would hide (its requests would get the codec's bare answer)
            "mx20.http.max-header-size, 40000, mx20.http.max-header-size=40000 must be below quarkus.http.limits.max-header-size=32768",
            "mx20.http.max-request-line-length, 16384, mx20.http.max-request-line-length=16384 must be below quarkus.http.limits.max-initial-line-length=16384"})
    void refusesToStartWithALimitOutOfRange(String key, String value, String message) throws Exception {
        Result r = start("-D" + key + "=" + value);
        assertNotEquals(0, r.exit, r.output);
        assertTrue(r.output.contains(message), r.output);
    }

    @Test
    void theJarUnderTestExists() {
        assertTrue(Files.isRegularFile(JAR), "package first: " + JAR.toAbsolutePath());
    }

    private record Result(int exit, String output) {
    }

    private static Result start(String property) throws IOException, InterruptedException {
        Path log = Files.createTempFile("mx20-config", ".log");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    property, "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0", "-jar", JAR.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(0, "still running after 90 s: the invalid value was accepted\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
