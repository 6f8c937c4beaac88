package dev.mx20.rest.relay;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged service as an operator runs it ({@code java -Dmx20.relay.enabled=true ... -jar quarkus-run.jar}):
 * a relay that cannot start stops the service with a message naming the key, and mail the hosted relay answered
 * 250 for is still queued after the service is stopped (SIGTERM) and started again on the same spool.
 */
class HostedRelayServiceIT {
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^\\s]+:(\\d+)");
    /**
     * The most one Quarkus JVM may take to start (or to fail to): a deadline only a real hang reaches. The JVMs of
     * this class start beside the rest of a CI build on two cores; a start that fails ends the wait at once.
     */
    private static final Duration START = Duration.ofSeconds(180);
    /** The most a stop on SIGTERM, a command-line JVM or a queue state may take. */
    private static final Duration STEP = Duration.ofSeconds(120);

    private final List<Process> started = new ArrayList<>();
    private Path dir;
    private RefusingSmtpPeer peer;

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(jar()), "packaged application missing: " + jar());
        dir = Files.createTempDirectory("mx20-hosted-it");
        peer = new RefusingSmtpPeer();
    }

    @AfterEach
    void tearDown() throws IOException, InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        peer.close();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void enabledWithoutConfigFileStopsStartUp() throws Exception {
        Path log = dir.resolve("no-file.log");
        Process p = launch(log, "-Dmx20.relay.enabled=true");
        assertTrue(p.waitFor(START.toSeconds(), TimeUnit.SECONDS), "the service kept running without a relay config");
        assertNotEquals(0, p.exitValue());
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("mx20.relay.config-file is not set"), out);
    }

    @Test
    void occupiedSmtpPortStopsStartUp() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path cf = writeConfig(taken.getLocalPort());
            Path log = dir.resolve("port-taken.log");
            Process p = launch(log, "-Dmx20.relay.enabled=true", "-Dmx20.relay.config-file=" + cf);
            assertTrue(p.waitFor(START.toSeconds(), TimeUnit.SECONDS), "the service started without its SMTP port");
            assertNotEquals(0, p.exitValue());
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(out.contains("the hosted relay cannot start"), out);
        }
    }

    @Test
    void unreadableRecipientListStopsStartUp() throws Exception {
        Path cf = Files.writeString(dir.resolve("relay.cf"), """
                inet_interfaces = 127.0.0.1
                smtpd_port = 0
                relay_domains = example.com
                relay_recipient_maps = %s
                queue_directory = %s
                """.formatted(dir.resolve("no-such-recipients"), dir.resolve("spool")), StandardCharsets.UTF_8);
        Path log = dir.resolve("no-recipients.log");
        Process p = launch(log, "-Dmx20.relay.enabled=true", "-Dmx20.relay.config-file=" + cf);
        assertTrue(p.waitFor(START.toSeconds(), TimeUnit.SECONDS), "the service started without its recipient list");
        assertNotEquals(0, p.exitValue());
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("mx20.relay.config-file: the hosted relay cannot start: relay_recipient_maps"), out);
    }

    @Test
    void queuedMailSurvivesAServiceRestart() throws Exception {
        Path cf = writeConfig(0);
        Process first = launch(dir.resolve("first.log"), "-Dmx20.relay.enabled=true", "-Dmx20.relay.config-file=" + cf);
        RequestSpecification api = api(awaitHttpPort(first, dir.resolve("first.log")));
        String smtp = api.get("/q/health/ready").then().statusCode(200)
                .extract().path("checks.find { it.name == 'mx20-relay' }.data.smtp");
        int colon = smtp.lastIndexOf(':');
        try (RawSmtp client = new RawSmtp(new InetSocketAddress(smtp.substring(0, colon),
                Integer.parseInt(smtp.substring(colon + 1))))) {
            String reply = client.send("alice@sender.test.invalid", "carol@dest.test.invalid", """
                    From: alice@sender.test.invalid
                    To: carol@dest.test.invalid
                    Subject: survives a restart

                    acknowledged, so it must never be lost
                    """);
            assertTrue(reply.startsWith("250"), reply);
        }
        List<String> ids = api.get("/relay/queue").then().statusCode(200).extract().path("queueId");
        assertEquals(1, ids.size(), "queue: " + ids);

        first.destroy(); // SIGTERM: the service closes the relay (listeners, queue, spool lock)
        assertTrue(first.waitFor(STEP.toSeconds(), TimeUnit.SECONDS), "the service did not stop on SIGTERM");

        Process second = launch(dir.resolve("second.log"), "-Dmx20.relay.enabled=true", "-Dmx20.relay.config-file=" + cf);
        api(awaitHttpPort(second, dir.resolve("second.log"))).get("/relay/queue").then().statusCode(200)
                .body("queueId", hasItem(ids.get(0)))
                .body("find { it.queueId == '" + ids.get(0) + "' }.recipients.address", hasItem("carol@dest.test.invalid"));
    }

    @Test
    void commandLineQueueToolsWorkOnTheHostedRelay() throws Exception {
        Path cf = writeConfig(0);
        Process service = launch(dir.resolve("service.log"), "-Dmx20.relay.enabled=true", "-Dmx20.relay.config-file=" + cf);
        RequestSpecification api = api(awaitHttpPort(service, dir.resolve("service.log")));
        String smtp = api.get("/q/health/ready").then().statusCode(200)
                .extract().path("checks.find { it.name == 'mx20-relay' }.data.smtp");
        int colon = smtp.lastIndexOf(':');
        try (RawSmtp client = new RawSmtp(new InetSocketAddress(smtp.substring(0, colon),
                Integer.parseInt(smtp.substring(colon + 1))))) {
            String reply = client.send("alice@sender.test.invalid", "dave@dest.test.invalid", """
                    From: alice@sender.test.invalid
                    To: dave@dest.test.invalid
                    Subject: flushed from the command line

                    body
                    """);
            assertTrue(reply.startsWith("250"), reply);
        }
        String id = awaitAttempts(api, 1);

        // `mx20-relay -c relay.cf queue list` reads the hosted relay's spool (no lock needed).
        String list = cli(cf, "queue", "list");
        assertTrue(list.contains(id) && list.contains("dave@dest.test.invalid"), list);
        // `mx20-relay -c relay.cf queue flush` leaves a request file; the hosted relay's queue picks it up.
        cli(cf, "queue", "flush");
        assertEquals(id, awaitAttempts(api, 2));
    }

    /** Runs the relay's command line ({@code RelayMain}) in its own JVM, as an operator would, and returns its output. */
    private String cli(Path cf, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.mx20.relay.RelayMain", "-c", cf.toString()));
        cmd.addAll(List.of(command));
        Path out = dir.resolve("cli.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(p);
        assertTrue(p.waitFor(STEP.toSeconds(), TimeUnit.SECONDS), "mx20-relay " + String.join(" ", command) + " hung");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    /** Waits until the only queued message has at least {@code attempts} attempts; returns its queue id. */
    private static String awaitAttempts(RequestSpecification api, int attempts) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        List<Integer> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = api.get("/relay/queue").then().statusCode(200).extract().path("attempts");
            if (seen.size() == 1 && seen.get(0) >= attempts) {
                return api.get("/relay/queue").then().statusCode(200).extract().path("[0].queueId");
            }
            Thread.sleep(100);
        }
        fail("no message with " + attempts + " attempts within " + STEP + "; attempts seen: " + seen);
        return null;
    }

    private Path writeConfig(int smtpPort) throws IOException {
        return Files.writeString(dir.resolve("relay.cf"), """
                myhostname = relay.test.invalid
                inet_interfaces = 127.0.0.1
                smtpd_port = %d
                mynetworks = 127.0.0.0/8
                queue_directory = %s
                relayhost = [127.0.0.1]:%d
                smtp_tls_security_level = none
                minimal_backoff_time = 1h
                maximal_backoff_time = 2h
                delivery_threads = 2
                """.formatted(smtpPort, dir.resolve("spool"), peer.port()), StandardCharsets.UTF_8);
    }

    private Process launch(Path log, String... properties) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-Dquarkus.http.port=0");
        cmd.addAll(List.of(properties));
        cmd.add("-jar");
        cmd.add(jar().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    private static int awaitHttpPort(Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!p.isAlive()) {
                fail("the service exited with " + p.exitValue() + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
        fail("the service did not start within " + START + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        return -1;
    }

    private static RequestSpecification api(int port) {
        return given().baseUri("http://127.0.0.1").port(port);
    }

    private static Path jar() {
        return Path.of("target", "quarkus-app", "quarkus-run.jar");
    }
}
