package dev.mx20.relay.delivery;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator for the outbound side alone: {@link SmtpDeliveryAgent} -> a real SMTP server (Postfix's smtp-sink)
 * on loopback, one message (one recipient, ~4 KB) per SMTP session, N concurrent sessions. Prints messages per
 * second, process CPU per message and peak RSS of this JVM (the delivery side only).
 *
 * <p>Not a unit test: run by {@code relay-core/bench/delivery-bench.sh} (see docs/relay-delivery.md). Loopback
 * only: refuses any address that is not {@code ::1} or {@code 127.0.0.1}.
 *
 * <pre>DeliveryLoad [::1]:PORT MESSAGES SESSIONS</pre>
 */
public final class DeliveryLoad {
    private DeliveryLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DeliveryLoad [::1]:PORT MESSAGES SESSIONS");
            System.exit(2);
        }
        Relayhost target = Relayhost.parse(args[0]);
        if (!Set.of("::1", "127.0.0.1").contains(target.host()) || target.mxLookup()) {
            throw new IllegalArgumentException("benchmarks target loopback only: [::1]:port or [127.0.0.1]:port");
        }
        int messages = Integer.parseInt(args[1]);
        int sessions = Integer.parseInt(args[2]);
        if (messages < 1 || messages > 100_000 || sessions < 1 || sessions > 256) {
            throw new IllegalArgumentException("1..100000 messages, 1..256 sessions");
        }
        Path file = Files.createTempFile("mx20-load", ".eml");
        file.toFile().deleteOnExit();
        Files.write(file, message4k());
        DeliverySettings settings = DeliverySettings.builder("relay.example.com").relayhost(target)
                .tls(TlsLevel.NONE).timeouts(SmtpTimeouts.all(Duration.ofSeconds(30))).build();
        // The per-attempt log lines are the product, but printing 2000 of them would measure the console.
        java.util.logging.Logger.getLogger(SmtpDeliveryAgent.LOGGER).setLevel(java.util.logging.Level.OFF);
        SmtpDeliveryAgent agent = new SmtpDeliveryAgent(settings);

        run(agent, file, Math.min(200, messages), sessions); // warm-up (JIT), not counted
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        int delivered = run(agent, file, messages, sessions);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
        System.out.printf("sessions=%d messages=%d delivered=%d time=%.2fs rate=%.0f msg/s cpu=%.3f ms/msg "
                        + "peakRSS=%s%n", sessions, messages, delivered, seconds, messages / seconds,
                cpuMs / messages, peakRss());
        if (delivered != messages) {
            System.exit(1);
        }
    }

    private static int run(SmtpDeliveryAgent agent, Path file, int messages, int sessions) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < messages) {
                    OutboundMessage m = new OutboundMessage("L" + i, "load@sender.example",
                            List.of(new OutboundRecipient("u" + i + "@v6only.example.com", null, Set.of())), null,
                            null, file, Instant.now(), false);
                    if (agent.deliver(m).get(0).result() == RecipientOutcome.Result.DELIVERED) {
                        ok.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return ok.get();
    }

    private static byte[] message4k() {
        StringBuilder sb = new StringBuilder("From: load@sender.example\r\nTo: u@v6only.example.com\r\n"
                + "Subject: load test\r\nMessage-ID: <load@sender.example>\r\n\r\n");
        while (sb.length() < 4096 - 80) {
            sb.append("The quick brown fox jumps over the lazy dog, again and again and again.\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim().replaceAll("\\s+", " ");
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "n/a";
    }
}
