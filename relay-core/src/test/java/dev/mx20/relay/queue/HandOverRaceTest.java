package dev.mx20.relay.queue;

import dev.mx20.relay.delivery.DeliveryAgent;
import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.dsn.DsnSettings;
import dev.mx20.relay.dsn.DsnWriter;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-over from the SMTP server to the queue: {@link DeliveryQueue#accepted} passes only the queue id, and the
 * worker reads the envelope from the spool under the message's lock. An operator's hold or delete that arrives
 * between the 250 and the first attempt must win whatever the order: before a worker takes the message, after it
 * took it but before it read the envelope, while the agent delivers, and after the agent answered but before the
 * outcome is written. "Wins": a held message stays held (and is not retried); a deleted one stays deleted (no DSN,
 * no resurrection by the attempt's write-back). A hold that arrives once the attempt is under way does not undo
 * that attempt's final answers: a recipient the next hop rejected with 5xx is bounced (the sender learns it now,
 * not when an operator releases the message); only what is still deferred stays, held.
 */
class HandOverRaceTest {
    /** When the operator's request arrives, relative to the worker. */
    enum When { BEFORE_TAKEN, TAKEN, DURING_DELIVERY, DELIVERED }

    enum Op { HOLD, DELETE }

    @TempDir
    Path dir;
    private Spool spool;
    private DeliveryQueue queue;
    /** The queue ids (and, for DSNs, "DSN to" + recipient) the agent was asked to deliver, in order. */
    private final List<String> attempted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String watched;
    private volatile Runnable duringDelivery = () -> { };
    private volatile RecipientOutcome.Result answer;

    private final DeliveryAgent agent = message -> {
        if (message.hasNullSender()) {
            attempted.add("DSN to " + message.recipients().get(0).address());
        } else {
            attempted.add(message.queueId());
        }
        if (message.queueId().equals(watched)) {
            duringDelivery.run();
        }
        List<RecipientOutcome> out = new ArrayList<>();
        for (OutboundRecipient r : message.recipients()) {
            boolean failed = answer == RecipientOutcome.Result.FAILED;
            out.add(new RecipientOutcome(r.address(), answer, failed ? "5.1.1" : "4.4.1", failed ? 550 : 451,
                    "test answer", "mx.example.com", "2001:db8::25", Clock.systemUTC().instant()));
        }
        return out;
    };

    static Stream<Arguments> orders() {
        List<Arguments> all = new ArrayList<>();
        for (When w : When.values()) {
            for (Op op : Op.values()) {
                // A deferral (the message would stay and be retried) and a failure (it would leave with a DSN).
                for (RecipientOutcome.Result r : List.of(RecipientOutcome.Result.DEFERRED,
                        RecipientOutcome.Result.FAILED)) {
                    all.add(Arguments.of(w, op, r));
                }
            }
        }
        return all.stream();
    }

    @BeforeEach
    void open() throws IOException {
        spool = Spool.open(dir, Clock.systemUTC());
        queue = new DeliveryQueue(spool, agent, new DsnWriter(DsnSettings.of("relay.example.com")),
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(200)), Duration.ofDays(5), Duration.ofDays(5),
                Duration.ZERO, 2, 5, Clock.systemUTC());
    }

    @AfterEach
    void close() throws IOException {
        queue.close();
        spool.close();
    }

    /** The operator's request, made on another thread (as the command line's or REST's), waited for. */
    private void operator(Op op, String id) {
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
            try {
                if (op == Op.HOLD) {
                    assertTrue(queue.hold(id).isPresent());
                } else {
                    assertTrue(queue.delete(id));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the operator's " + op + " did not complete", e);
        }
    }

    @ParameterizedTest(name = "{1} {0}, the next hop answers {2}")
    @MethodSource("orders")
    void theOperatorWinsInEveryOrder(When when, Op op, RecipientOutcome.Result result) throws Exception {
        answer = result;
        SpooledMessage m = spool.store("sender@example.org",
                List.of(new OutboundRecipient("alice@example.com", null, Set.of())), null, OutboundMessage.Ret.HDRS,
                false, "Subject: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        String id = m.queueId();
        watched = id;
        switch (when) {
            case TAKEN -> queue.interleaving = (phase, q) -> {
                if (phase == DeliveryQueue.Phase.TAKEN && q.equals(id)) {
                    operator(op, id);
                }
            };
            case DURING_DELIVERY -> duringDelivery = () -> operator(op, id);
            case DELIVERED -> queue.interleaving = (phase, q) -> {
                if (phase == DeliveryQueue.Phase.DELIVERED && q.equals(id)) {
                    operator(op, id);
                }
            };
            case BEFORE_TAKEN -> { }
        }
        queue.accepted(m); // the SMTP server's hand-over after the 250 (the workers are not running yet)
        if (when == When.BEFORE_TAKEN) {
            operator(op, id);
        }
        queue.start();
        boolean attemptStarted = when == When.DURING_DELIVERY || when == When.DELIVERED;
        if (attemptStarted) {
            Await.until(() -> attempted.contains(id), Duration.ofSeconds(10), "the attempt");
        }
        Thread.sleep(600); // several backoff periods: a lost hold or delete would show as another attempt
        List<SpooledMessage> left = spool.list();
        if (op == Op.HOLD && attemptStarted && result == RecipientOutcome.Result.FAILED) {
            // The attempt's 5xx is final: bounced now (the DSN is attempted too; its own 5xx discards it).
            Await.until(() -> spool.list().isEmpty(), Duration.ofSeconds(10), "the DSN's attempt");
            assertEquals(List.of(id, "DSN to sender@example.org"), attempted);
        } else if (op == Op.HOLD) {
            assertEquals(attemptStarted ? List.of(id) : List.of(), attempted, "attempts");
            assertEquals(1, left.size(), "only the held message, no DSN about it: " + left);
            assertEquals(id, left.get(0).queueId());
            assertTrue(left.get(0).held(), "still held");
            assertEquals(List.of("alice@example.com"),
                    left.get(0).recipients().stream().map(OutboundRecipient::address).toList());
        } else {
            assertEquals(attemptStarted ? List.of(id) : List.of(), attempted, "attempts, and no DSN");
            assertEquals(List.of(), left, "deleted: nothing comes back, no DSN");
        }
        assertTrue(spool.listCorrupt().isEmpty());
    }
}
