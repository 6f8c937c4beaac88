package dev.mx20.rest.nativeimage;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the native-image sources that {@code ./mvnw verify} generates without GraalVM
 * (the {@code native-sources} execution of rest-api/pom.xml): the options the native image relies on
 * must be in {@code native-image.args} and in the runner jar's generated native-image configuration.
 * A native build on a machine with GraalVM runs exactly these sources.
 */
class NativeSourcesIT {
    private static Path dir;
    private static List<String> args;

    @BeforeAll
    static void readArgs() throws IOException {
        Assumptions.assumeFalse(Boolean.getBoolean("skipNativeSources"),
                "native sources are not generated in this build (-Dnative or -DskipNativeSources)");
        dir = Path.of(System.getProperty("native.sources.dir", "target/native-sources"));
        Path file = dir.resolve("native-image.args");
        assertTrue(Files.isRegularFile(file), "native sources were not generated: " + file);
        args = Arrays.asList(Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+"));
    }

    @Test
    void dnsjavaIsInitialisedAtRunTime() {
        // dnsjava keeps resolver addresses (InetAddress) in static state: build-time initialisation
        // would freeze the build machine's resolvers into the image or fail the build.
        assertTrue(args.contains("--initialize-at-run-time=org.xbill.DNS"), () -> "args: " + args);
    }

    @Test
    void allCharsetsAreIncluded() {
        // Bounces come in ISO-2022-JP, KOI8-R, windows-125x...: every charset must be in the image.
        assertTrue(args.contains("-H:+AddAllCharsets"), () -> "args: " + args);
        assertFalse(args.contains("-H:-AddAllCharsets"), () -> "args: " + args);
    }

    @Test
    void buildsOneStandaloneExecutableFromTheRunnerJar() throws IOException {
        assertTrue(args.contains("--no-fallback"), () -> "args: " + args);
        int jar = args.indexOf("-jar");
        assertTrue(jar > 0, "no -jar in args");
        assertTrue(Files.isRegularFile(dir.resolve(args.get(jar + 1))), "runner jar missing");
        assertTrue(Files.isDirectory(dir.resolve("lib")), "lib/ missing");
        assertEquals(1, Files.readString(dir.resolve("graalvm.version")).lines().count());
    }

    @Test
    void mime4jServiceFileAndFactoryAreRegistered() throws IOException {
        int jar = args.indexOf("-jar");
        try (ZipFile runner = new ZipFile(dir.resolve(args.get(jar + 1)).toFile())) {
            String resources = entry(runner, "META-INF/native-image/resource-config.json");
            assertTrue(resources.contains("org\\\\.apache\\\\.james\\\\.mime4j\\\\.dom\\\\.MessageServiceFactory"),
                    resources);
            String reflection = entry(runner, "META-INF/native-image/reflect-config.json");
            assertTrue(reflection.contains("\"org.apache.james.mime4j.message.MessageServiceFactoryImpl\""),
                    "MessageServiceFactoryImpl not registered for reflection");
        }
    }

    private static String entry(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        assertNotNull(e, name + " missing from the runner jar");
        try (InputStream in = zip.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
