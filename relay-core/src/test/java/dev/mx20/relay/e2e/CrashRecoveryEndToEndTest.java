package dev.mx20.relay.e2e;

import dev.mx20.relay.SmtpSubmit;
import dev.mx20.relay.tools.ExternalTool;
import dev.mx20.relay.tools.SmtpSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The promise "no message that got a 250 is ever lost": the standalone relay ({@code RelayMain run}, its own JVM)
 * is killed with SIGKILL while clients are sending and it is delivering; after a restart on the same spool every
 * message that was acknowledged must reach the primary (duplicates are allowed, loss is not). It is killed twice,
 * the second time while it recovers and takes new mail, and no envelope may end up in {@code corrupt/}: a crash
 * in the middle of accepting a message leaves remains that recovery recognises and removes (see Spool).
 */
class CrashRecoveryEndToEndTest {
    private static final Pattern TEST_ID = Pattern.compile("X-Test-Id: (\\d+)");

    @TempDir
    Path dir;

    @Test
    void kill9UnderLoadLosesNoAcknowledgedMessage() throws Exception {
        Path smtpSink = ExternalTool.find("smtp-sink").orElse(null);
        assumeTrue(smtpSink != null, "postfix's smtp-sink is needed (apt-get install postfix); .ci/run installs it");
        assumeTrue(Topology.hasIpv6Loopback(), "no IPv6 loopback (::1) on this host");
        try (Topology world = Topology.create();
             SmtpSink primary = world.sinks(smtpSink, new Topology.Sink(Topology.PRIMARY)).get(0)) {
            Path cf = dir.resolve("relay.cf");
            Files.writeString(cf, world.config(dir, "minimal_backoff_time = 1s", "maximal_backoff_time = 2s")
                    .replace("minimal_backoff_time = 1h\n", "").replace("maximal_backoff_time = 2h\n", ""));

            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger nextId = new AtomicInteger();
            // The load runs until the third relay has taken mail (a flag, not a fixed end time): on a slow or busy
            // machine the phases below take longer, and both kills must still fall under load.
            AtomicBoolean stop = new AtomicBoolean();
            Process relay = startRelay(cf);
            try {
                waitForPort(world.relayPort);
                List<Thread> clients = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    Thread c = new Thread(() -> {
                        while (!stop.get()) {
                            int id = nextId.incrementAndGet();
                            try {
                                if (sendOne(world.relayPort, id)) {
                                    acknowledged.add(id);
                                }
                            } catch (IOException refusedOrReset) {
                                sleep(20); // the relay is down: keep trying until the load phase ends
                            }
                        }
                    });
                    c.start();
                    clients.add(c);
                }
                sleep(1500);
                // At least a minimum of load, then as long as a cold JVM on a loaded machine needs for its first 250s.
                awaitAcknowledged(acknowledged, 1, "some messages acknowledged before the first kill");
                relay.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, nothing
                relay.waitFor();
                int atKill = acknowledged.size();
                relay = startRelay(cf);
                waitForPort(world.relayPort);
                sleep(1000); // taking mail and recovering the first crash's queue
                awaitAcknowledged(acknowledged, atKill + 1, "messages acknowledged between the two kills");
                relay.destroyForcibly();
                relay.waitFor();
                int atSecondKill = acknowledged.size();
                relay = startRelay(cf);
                waitForPort(world.relayPort);
                awaitAcknowledged(acknowledged, atSecondKill + 1, "messages acknowledged after the second restart");
                stop.set(true);
                for (Thread c : clients) {
                    c.join(30_000);
                }
                assertTrue(atKill > 0, "some messages were acknowledged before the kill");
                assertTrue(atSecondKill > atKill, "messages were acknowledged between the two kills");

                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                Set<Integer> missing = Set.copyOf(acknowledged);
                while (System.nanoTime() < end) {
                    Set<Integer> arrived = arrivedIds(primary);
                    missing = new java.util.HashSet<>(acknowledged);
                    missing.removeAll(arrived);
                    if (missing.isEmpty()) {
                        break;
                    }
                    sleep(250);
                }
                System.out.printf("kill -9 under load: %d messages acknowledged (%d before the first kill, %d before the"
                        + " second), %d missing%n", acknowledged.size(), atKill, atSecondKill, missing.size());
                assertTrue(missing.isEmpty(), missing.size() + " of " + acknowledged.size()
                        + " acknowledged messages never arrived: " + missing);
                try (java.util.stream.Stream<Path> quarantined = Files.list(dir.resolve("spool").resolve("corrupt"))) {
                    assertTrue(quarantined.findAny().isEmpty(), "crash remains were quarantined as corrupt");
                }
            } finally {
                stop.set(true); // also when an assertion failed: no client may keep the test JVM alive
                relay.destroyForcibly();
                relay.waitFor();
            }
        }
    }

    private static Set<Integer> arrivedIds(SmtpSink sink) throws IOException {
        Set<Integer> ids = new java.util.HashSet<>();
        for (String m : sink.messages()) {
            Matcher x = TEST_ID.matcher(m);
            if (x.find()) {
                ids.add(Integer.parseInt(x.group(1)));
            }
        }
        return ids;
    }

    private Process startRelay(Path cf) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.mx20.relay.RelayMain", "-c", cf.toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("relay.log").toFile()))
                .start();
    }

    /** Waits (bounded) until at least {@code n} messages got their 250; the clients keep sending meanwhile. */
    private static void awaitAcknowledged(Set<Integer> acknowledged, int n, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.size() < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + ": only " + acknowledged.size() + " within 60 s");
            }
            Thread.sleep(20);
        }
    }

    private static void waitForPort(int port) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("relay did not start listening on " + port);
                }
                Thread.sleep(100);
            }
        }
    }

    /** One SMTP transaction; @return whether the relay answered 250 to the end of data. */
    private static boolean sendOne(int port, int id) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            if (!SmtpSubmit.reply(in).startsWith("220")) {
                return false;
            }
            String[] steps = {"EHLO load.sender.example", "MAIL FROM:<load@sender.example>", "RCPT TO:<alice@example.com>", "DATA"};
            for (String step : steps) {
                out.write((step + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String r = SmtpSubmit.reply(in);
                if (!(r.startsWith("2") || r.startsWith("354"))) {
                    return false;
                }
            }
            String body = "Subject: load " + id + "\r\nX-Test-Id: " + id + "\r\n\r\n" + "x".repeat(2000) + "\r\n.\r\n";
            out.write(body.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            boolean ok = SmtpSubmit.reply(in).startsWith("250");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return ok;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
