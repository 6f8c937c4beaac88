package dev.mx20.relay.queue;

import dev.mx20.relay.delivery.DeliveryAgent;
import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.delivery.RecipientOutcome.Result;
import dev.mx20.relay.dsn.DsnSettings;
import dev.mx20.relay.dsn.DsnWriter;
import dev.mx20.relay.spool.CorruptMessage;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Poison messages: a message the queue itself cannot handle (the DSN writer throws, its envelope is damaged on disk,
 * its content file is gone) must neither loop at a fixed interval nor be dropped. It is retried with a growing
 * delay, then held with the reason (queue_error_limit), or moved to the corrupt queue; either way listed, and
 * released or deleted by an operator, across restarts.
 */
class PoisonMessageTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(150), Duration.ofSeconds(2));
    private static final int LIMIT = 3;

    @TempDir
    Path dir;
    private Spool spool;
    private DeliveryQueue queue;
    /** When each delivery attempt began (System.nanoTime), per recipient address. */
    private final List<Long> attemptsToAlice = new CopyOnWriteArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private volatile Result aliceGets = Result.FAILED;

    /** Alice's server answers {@link #aliceGets}; everyone else is delivered. Reads the content, as a real agent does. */
    private final DeliveryAgent agent = message -> {
        try {
            Files.size(message.content());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<RecipientOutcome> out = new ArrayList<>();
        for (OutboundRecipient r : message.recipients()) {
            Result res = r.address().equals("alice@example.com") ? aliceGets : Result.DELIVERED;
            if (r.address().equals("alice@example.com")) {
                attemptsToAlice.add(System.nanoTime());
            }
            if (res == Result.DELIVERED) {
                delivered.add(r.address());
            }
            out.add(new RecipientOutcome(r.address(), res, res == Result.FAILED ? "5.1.1" : res == Result.DEFERRED
                    ? "4.4.1" : "2.0.0", res == Result.FAILED ? 550 : res == Result.DEFERRED ? 451 : 250,
                    "test answer", "mx.example.com", "2001:db8::25", Clock.systemUTC().instant()));
        }
        return out;
    };

    @BeforeEach
    void open() throws IOException {
        spool = Spool.open(dir, Clock.systemUTC());
    }

    @AfterEach
    void close() throws IOException {
        if (queue != null) {
            queue.close();
        }
        spool.close();
    }

    private void restart() throws IOException {
        close();
        queue = null;
        spool = Spool.open(dir, Clock.systemUTC());
    }

    private DeliveryQueue queue(DeliveryQueue.Notices notices) {
        return new DeliveryQueue(spool, agent, notices, FAST, Duration.ofDays(5), Duration.ofDays(2), Duration.ZERO,
                1, LIMIT, Clock.systemUTC());
    }

    private static DeliveryQueue.Notices workingDsnWriter() {
        return new DsnWriter(DsnSettings.of("relay.example.com"))::write;
    }

    private SpooledMessage store(String rcpt) throws IOException {
        return spool.store("sender@example.org", List.of(new OutboundRecipient(rcpt, null, Set.of())), null,
                OutboundMessage.Ret.HDRS, false, "Subject: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private Path queueFile(String id, String suffix) {
        return dir.resolve("queue").resolve(id + suffix);
    }

    private List<String> corruptIds() throws IOException {
        return spool.listCorrupt().stream().map(CorruptMessage::queueId).toList();
    }

    @Test
    void aDsnWriterThatThrowsBacksOffExponentiallyThenHoldsTheMessageWithTheReasonAcrossARestart() throws Exception {
        queue = queue((original, outcomes, until) -> {
            throw new UncheckedIOException(new IOException("No space left on device"));
        });
        queue.start();
        SpooledMessage m = store("alice@example.com");
        queue.accepted(m);

        Await.until(() -> spool.read(m.queueId()).map(SpooledMessage::held).orElse(false), Duration.ofSeconds(20),
                "held after " + LIMIT + " queue errors");
        assertEquals(LIMIT, attemptsToAlice.size(), "tried exactly queue_error_limit times");
        // Exponential, per message: 150 ms after the first error, 300 ms after the second (lower bounds only:
        // a loaded machine can only make the gaps longer).
        long gap1 = attemptsToAlice.get(1) - attemptsToAlice.get(0);
        long gap2 = attemptsToAlice.get(2) - attemptsToAlice.get(1);
        assertTrue(gap1 >= Duration.ofMillis(150).toNanos(), "first retry after minimal_backoff_time: " + gap1);
        assertTrue(gap2 >= Duration.ofMillis(300).toNanos(), "second retry after twice that: " + gap2);
        SpooledMessage held = spool.read(m.queueId()).orElseThrow();
        assertTrue(held.heldReason().contains(LIMIT + " queue errors in a row"), held.heldReason());
        assertTrue(held.heldReason().contains("No space left on device"), held.heldReason());
        assertEquals(List.of("alice@example.com"), held.recipients().stream().map(OutboundRecipient::address).toList(),
                "nothing dropped");
        Thread.sleep(800);
        assertEquals(LIMIT, attemptsToAlice.size(), "held: no more attempts");

        // Across a restart, with the DSN writer repaired: still held, with its reason, until released.
        restart();
        queue = queue(workingDsnWriter());
        queue.start();
        Thread.sleep(600);
        assertEquals(LIMIT, attemptsToAlice.size(), "still held after the restart");
        SpooledMessage listed = queue.list().get(0);
        assertTrue(listed.held() && listed.heldReason().contains("No space left on device"));

        assertFalse(queue.release(m.queueId()).orElseThrow().held());
        // Released: one more attempt, alice fails, the DSN to the sender is written, spooled and delivered.
        Await.until(() -> spool.list().isEmpty(), Duration.ofSeconds(20), "bounced and the DSN delivered");
        assertEquals(LIMIT + 1, attemptsToAlice.size());
        assertEquals(List.of("sender@example.org"), delivered, "the DSN reached the sender");
    }

    @Test
    void fewerQueueErrorsThanTheLimitOnlyDelayTheMessage() throws Exception {
        int[] calls = {0};
        // Fails twice (one less than the limit), then works: the message must not be held.
        queue = queue((original, outcomes, until) -> {
            if (++calls[0] <= LIMIT - 1) {
                throw new IllegalStateException("transient DSN writer failure " + calls[0]);
            }
            return new DsnWriter(DsnSettings.of("relay.example.com")).write(original, outcomes, until);
        });
        queue.start();
        SpooledMessage m = store("alice@example.com");
        queue.accepted(m);
        Await.until(() -> spool.list().isEmpty(), Duration.ofSeconds(20), "bounced after two queue errors");
        assertEquals(LIMIT, attemptsToAlice.size());
        assertEquals(List.of("sender@example.org"), delivered);
    }

    @Test
    void anEnvelopeCutShortAfterAnAttemptIsKeptInTheCorruptQueueNotDeletedAtStartUp() throws Exception {
        aliceGets = Result.DEFERRED;
        queue = queue(workingDsnWriter());
        SpooledMessage m = store("alice@example.com");
        queue.attempt(m); // one deferral: the envelope now says attempts=1
        byte[] whole = Files.readAllBytes(queueFile(m.queueId(), ".env"));
        Files.write(queueFile(m.queueId(), ".env"), Arrays.copyOf(whole, whole.length * 2 / 3)); // the disk's doing

        restart();
        assertTrue(spool.list().isEmpty(), "not in the active queue");
        List<CorruptMessage> corrupt = spool.listCorrupt();
        assertEquals(1, corrupt.size(), "kept, not deleted as the remains of an unacknowledged message");
        assertEquals(m.queueId(), corrupt.get(0).queueId());
        assertTrue(corrupt.get(0).reason().contains("cut short after acceptance"), corrupt.get(0).reason());
        assertTrue(corrupt.get(0).hasEnvelope() && corrupt.get(0).hasContent());

        // The operator repairs the envelope and releases it: back in the queue, delivered.
        Files.write(dir.resolve("corrupt").resolve(m.queueId() + ".env"), whole);
        queue = queue(workingDsnWriter());
        queue.start();
        aliceGets = Result.DELIVERED;
        assertTrue(queue.release(m.queueId()).isPresent());
        Await.until(() -> spool.list().isEmpty() && delivered.contains("alice@example.com"), Duration.ofSeconds(20),
                "released from the corrupt queue and delivered");
        assertTrue(spool.listCorrupt().isEmpty());
    }

    @Test
    void anEnvelopeCutShortWhileQueuedIsQuarantinedAtItsNextAttempt() throws Exception {
        aliceGets = Result.DEFERRED;
        queue = queue(workingDsnWriter());
        SpooledMessage m = store("alice@example.com");
        queue.attempt(m);
        byte[] whole = Files.readAllBytes(queueFile(m.queueId(), ".env"));
        queue.start();
        Files.write(queueFile(m.queueId(), ".env"), Arrays.copyOf(whole, whole.length - 10)); // no #end line
        queue.flush();
        Await.until(() -> corruptIds().contains(m.queueId()), Duration.ofSeconds(20), "quarantined");
        assertEquals(1, attemptsToAlice.size(), "no attempt with a damaged envelope");
        assertTrue(spool.listCorrupt().get(0).reason().contains("cut short after acceptance"));
    }

    @Test
    void aCrashBeforeThe250StillLeavesNothingBehind() throws Exception {
        // The one case where an envelope cut short may be deleted: the acceptance envelope, written in place.
        SpooledMessage m = store("alice@example.com");
        byte[] whole = Files.readAllBytes(queueFile(m.queueId(), ".env"));
        Files.write(queueFile(m.queueId(), ".env"), Arrays.copyOf(whole, 20));
        restart();
        assertTrue(spool.list().isEmpty());
        assertTrue(spool.listCorrupt().isEmpty());
    }

    @Test
    void aGarbledEnvelopeIsListedStaysCorruptWhenReleasedUnrepairedAndCanBeDeleted() throws Exception {
        SpooledMessage m = store("alice@example.com");
        String env = Files.readString(queueFile(m.queueId(), ".env"), StandardCharsets.ISO_8859_1);
        Files.writeString(queueFile(m.queueId(), ".env"), env.replaceFirst("attempts=0", "attempts=zero"),
                StandardCharsets.ISO_8859_1);
        restart();
        queue = queue(workingDsnWriter());
        queue.start();
        assertEquals(List.of(m.queueId()), corruptIds());
        assertTrue(spool.listCorrupt().get(0).reason().startsWith("unreadable envelope"),
                spool.listCorrupt().get(0).reason());
        assertTrue(queue.release(m.queueId()).isEmpty(), "still unreadable");
        assertEquals(List.of(m.queueId()), corruptIds(), "so still in the corrupt queue");
        assertTrue(spool.list().isEmpty());
        assertTrue(queue.delete(m.queueId()));
        assertTrue(corruptIds().isEmpty());
        try (var files = Files.list(dir.resolve("corrupt"))) {
            assertEquals(0, files.count(), "the operator's delete removes every file");
        }
        assertTrue(attemptsToAlice.isEmpty());
    }

    @Test
    void aContentFileMissingAtStartUpIsQuarantinedNotDeleted() throws Exception {
        SpooledMessage m = store("alice@example.com");
        Files.delete(queueFile(m.queueId(), ".eml"));
        restart();
        List<CorruptMessage> corrupt = spool.listCorrupt();
        assertEquals(List.of(m.queueId()), corrupt.stream().map(CorruptMessage::queueId).toList());
        assertTrue(corrupt.get(0).reason().contains("content file missing"), corrupt.get(0).reason());
        assertTrue(corrupt.get(0).hasEnvelope() && !corrupt.get(0).hasContent());
        assertTrue(Files.exists(dir.resolve("corrupt").resolve(m.queueId() + ".env")), "the envelope is kept");
    }

    @Test
    void aContentFileGoneWhileQueuedIsQuarantinedWithoutAnAttempt() throws Exception {
        aliceGets = Result.DEFERRED;
        queue = queue(workingDsnWriter());
        SpooledMessage m = store("alice@example.com");
        queue.attempt(m); // deferred once
        Files.delete(queueFile(m.queueId(), ".eml"));
        queue.start();
        queue.flush();
        Await.until(() -> !corruptIds().isEmpty(), Duration.ofSeconds(20), "quarantined");
        assertEquals(1, attemptsToAlice.size(), "no attempt without content");
        assertTrue(spool.list().isEmpty());
        assertTrue(spool.listCorrupt().get(0).reason().contains("content file missing"));
        // A release cannot bring it back without its content.
        assertTrue(queue.release(m.queueId()).isEmpty());
        assertEquals(List.of(m.queueId()), corruptIds());
    }
}
