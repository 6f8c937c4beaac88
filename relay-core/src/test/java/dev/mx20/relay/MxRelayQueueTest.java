package dev.mx20.relay;

import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.delivery.DeliveryAgent;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.spool.SpooledMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue API of the embedded relay ({@code listQueue}, {@code flushQueue}, {@code holdMessage},
 * {@code releaseMessage}, {@code deleteMessage}) used while its delivery workers run, and around close().
 */
class MxRelayQueueTest {
    @TempDir
    Path dir;

    private RelayConfig config() {
        return RelayConfig.builder()
                .set("myhostname", "relay.example.com")
                .set("inet_interfaces", "127.0.0.1")
                .set("smtpd_port", "0")
                .set("queue_directory", dir.resolve("spool").toString())
                .set("minimal_backoff_time", "1s")
                .set("maximal_backoff_time", "1s")
                .set("delivery_threads", "4")
                .build();
    }

    @Test
    void listFlushHoldAndReleaseRaceTheDeliveryLoopWithoutLosingOrDuplicatingMail() throws Exception {
        // Each recipient is deferred twice, then delivered; the operator side lists, flushes, holds and releases
        // all the time. In the end every message is delivered exactly once and nothing is left.
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        DeliveryAgent agent = m -> {
            List<RecipientOutcome> out = new ArrayList<>();
            for (OutboundRecipient r : m.recipients()) {
                boolean ok = tries.computeIfAbsent(r.address(), k -> new AtomicInteger()).incrementAndGet() > 2;
                if (ok) {
                    delivered.computeIfAbsent(r.address(), k -> new AtomicInteger()).incrementAndGet();
                }
                out.add(new RecipientOutcome(r.address(), ok ? RecipientOutcome.Result.DELIVERED
                        : RecipientOutcome.Result.DEFERRED, ok ? "2.0.0" : "4.4.1", 0, "test", null, null,
                        Instant.now()));
            }
            return out;
        };
        int messages = 40;
        try (MxRelay relay = MxRelay.builder(config()).deliveryAgent(agent).build()) {
            relay.start();
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> problems = new CopyOnWriteArrayList<>();
            Thread operator = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        List<SpooledMessage> q = relay.listQueue();
                        relay.flushQueue();
                        if (!q.isEmpty()) {
                            String id = q.get(q.size() / 2).queueId();
                            relay.holdMessage(id);
                            relay.releaseMessage(id);
                        }
                        Thread.sleep(2); // hard enough on the workers, without flooding the log with flush lines
                    } catch (InterruptedException e) {
                        return;
                    } catch (Throwable t) {
                        problems.add(t);
                    }
                }
            }, "operator");
            operator.start();
            for (int i = 0; i < messages; i++) {
                String reply = SmtpSubmit.send(relay.smtpAddresses().get(0), "sender@example.org", "",
                        "rcpt" + i + "@example.net", "", "Subject: " + i + "\n\nbody\n");
                assertTrue(reply.startsWith("250"), reply);
            }
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!relay.listQueue().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            stop.set(true);
            operator.join(10_000);
            assertEquals(List.of(), problems);
            assertEquals(List.of(), relay.listQueue());
            assertEquals(messages, delivered.size());
            delivered.forEach((rcpt, n) -> assertEquals(1, n.get(), rcpt + " delivered more than once"));
        }
    }

    @Test
    void queueMethodsBeforeStartAndAfterCloseSayNotStarted() throws Exception {
        MxRelay relay = MxRelay.builder(config()).deliveryAgent(m -> List.of()).build();
        assertThrows(IllegalStateException.class, relay::listQueue);
        relay.start();
        assertEquals(Optional.empty(), relay.holdMessage("not-an-id"));
        assertFalse(relay.deleteMessage("../x"));
        relay.close();
        assertThrows(IllegalStateException.class, relay::flushQueue);
        assertThrows(IllegalStateException.class, () -> relay.holdMessage("ABC"));
    }
}
