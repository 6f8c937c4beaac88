package dev.mx20.relay.queue;

import dev.mx20.relay.delivery.DeliveryAgent;
import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.delivery.RecipientOutcome.Result;
import dev.mx20.relay.dsn.DsnSettings;
import dev.mx20.relay.dsn.DsnWriter;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryQueueTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private Spool spool;
    private DeliveryQueue queue;
    private final List<OutboundMessage> seen = new CopyOnWriteArrayList<>();
    /** What the fake next hop answers, per recipient; absent means delivered. */
    private final Map<String, Function<String, RecipientOutcome>> answers = new ConcurrentHashMap<>();

    private final DeliveryAgent agent = message -> {
        seen.add(message);
        List<RecipientOutcome> out = new ArrayList<>();
        for (OutboundRecipient r : message.recipients()) {
            out.add(answers.getOrDefault(r.address(), a -> outcome(a, Result.DELIVERED, "2.0.0", 250, "ok")).apply(r.address()));
        }
        return out;
    };

    private RecipientOutcome outcome(String rcpt, Result result, String status, int code, String text) {
        return new RecipientOutcome(rcpt, result, status, code, text, "v6only.example.com", "2001:db8::1", clock.instant());
    }

    @BeforeEach
    void open() throws IOException {
        spool = Spool.open(dir, clock);
        queue = new DeliveryQueue(spool, agent, new DsnWriter(DsnSettings.of("relay.example.com"), clock),
                new Backoff(Duration.ofSeconds(300), Duration.ofSeconds(4000)), Duration.ofDays(5), Duration.ofDays(2),
                2, clock);
    }

    @AfterEach
    void close() throws IOException {
        queue.close();
        spool.close();
    }

    private SpooledMessage store(String sender, String... rcpts) throws IOException {
        List<OutboundRecipient> r = new ArrayList<>();
        for (String a : rcpts) {
            r.add(new OutboundRecipient(a, null, Set.of()));
        }
        return spool.store(sender, r, null, OutboundMessage.Ret.HDRS, false,
                "Subject: test\r\nMessage-ID: <1@example.org>\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void deliveredMessagesLeaveTheSpool() throws IOException {
        SpooledMessage m = store("sender@example.org", "alice@example.com");
        assertEquals(Optional.empty(), queue.attempt(m));
        assertTrue(spool.list().isEmpty());
    }

    @Test
    void deferralsBackOffAndKeepTheReason() throws IOException {
        answers.put("alice@example.com", a -> outcome(a, Result.DEFERRED, "4.4.1", 0, "connection refused"));
        SpooledMessage m = store("sender@example.org", "alice@example.com", "bob@example.com");
        Instant next = queue.attempt(m).orElseThrow();
        assertEquals(clock.instant().plusSeconds(300), next);
        SpooledMessage after = spool.read(m.queueId()).orElseThrow();
        assertEquals(List.of("alice@example.com"), after.recipients().stream().map(OutboundRecipient::address).toList());
        assertEquals(1, after.attempts());
        assertEquals("connection refused", after.lastOutcomes().get(0).diagnostic());
        clock.set(next);
        assertEquals(clock.instant().plusSeconds(600), queue.attempt(after).orElseThrow());
        assertEquals(2, spool.read(m.queueId()).orElseThrow().attempts());
    }

    @Test
    void backoffDoublesUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(300), Duration.ofSeconds(4000));
        assertEquals(List.of(300L, 600L, 1200L, 2400L, 4000L, 4000L),
                List.of(1, 2, 3, 4, 5, 50).stream().map(i -> b.after(i).toSeconds()).toList());
    }

    @Test
    void permanentFailureQueuesADsnToTheSenderWithTheNullSender() throws IOException {
        answers.put("alice@example.com", a -> outcome(a, Result.FAILED, "5.1.1", 550, "5.1.1 no such user"));
        SpooledMessage m = store("sender@example.org", "alice@example.com");
        assertEquals(Optional.empty(), queue.attempt(m));
        List<SpooledMessage> left = spool.list();
        assertEquals(1, left.size());
        SpooledMessage dsn = left.get(0);
        assertEquals("", dsn.sender());
        assertEquals("sender@example.org", dsn.recipients().get(0).address());
        String text = Files.readString(dsn.content(), StandardCharsets.US_ASCII);
        assertTrue(text.contains("report-type=delivery-status"), text);
        assertTrue(text.contains("Final-Recipient: rfc822; alice@example.com"), text);
        assertTrue(text.contains("Status: 5.1.1"), text);
    }

    @Test
    void expiryTurnsDeferralIntoFailureWithTheLastReason() throws IOException {
        answers.put("alice@example.com", a -> outcome(a, Result.DEFERRED, "4.4.1", 0, "connection refused"));
        SpooledMessage m = store("sender@example.org", "alice@example.com");
        clock.set(m.arrival().plus(Duration.ofDays(5)));
        assertEquals(Optional.empty(), queue.attempt(m));
        SpooledMessage dsn = spool.list().get(0);
        String text = Files.readString(dsn.content(), StandardCharsets.US_ASCII);
        assertTrue(text.contains("Action: failed"), text);
        assertTrue(text.contains("connection refused"), text);
    }

    @Test
    void neverADsnAboutANullSenderMessage() throws IOException {
        answers.put("sender@example.org", a -> outcome(a, Result.FAILED, "5.1.1", 550, "no such user"));
        SpooledMessage bounce = store("", "sender@example.org");
        assertEquals(Optional.empty(), queue.attempt(bounce));
        assertTrue(spool.list().isEmpty());
    }

    @Test
    void aThrowingAgentDefersEveryoneAndLosesNothing() throws IOException {
        DeliveryQueue broken = new DeliveryQueue(spool, msg -> {
            throw new IllegalStateException("boom");
        }, new DsnWriter(DsnSettings.of("relay.example.com"), clock),
                new Backoff(Duration.ofSeconds(300), Duration.ofSeconds(4000)), Duration.ofDays(5), Duration.ofDays(2), 1, clock);
        SpooledMessage m = store("sender@example.org", "alice@example.com", "bob@example.com");
        assertTrue(broken.attempt(m).isPresent());
        assertEquals(2, spool.read(m.queueId()).orElseThrow().recipients().size());
    }

    @Test
    void workersDeliverAcceptedMessagesAndFlushRetriesDeferredOnesNow() throws Exception {
        Spool.requestFlush(dir); // a stale request must not hurt
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        answers.put("alice@example.com", a -> calls.incrementAndGet() == 1
                ? outcome(a, Result.DEFERRED, "4.4.1", 0, "primary down")
                : outcome(a, Result.DELIVERED, "2.0.0", 250, "ok"));
        // The system clock for the threaded part (a fake clock with running workers: QueueClockTest).
        close();
        spool = Spool.open(dir, Clock.systemUTC());
        queue = new DeliveryQueue(spool, agent, new DsnWriter(DsnSettings.of("relay.example.com")),
                new Backoff(Duration.ofHours(1), Duration.ofHours(2)), Duration.ofDays(5), Duration.ofDays(2), 2,
                Clock.systemUTC());
        queue.start();
        SpooledMessage m = store("sender@example.org", "alice@example.com");
        queue.accepted(m);
        waitUntil(() -> calls.get() == 1 && spool.read(m.queueId()).map(SpooledMessage::attempts).orElse(0) == 1);
        assertEquals(1, queue.list().size(), "deferred for an hour");
        Spool.requestFlush(dir); // what `mx20-relay queue flush` does
        waitUntil(() -> spool.list().isEmpty());
        assertEquals(2, calls.get());
    }

    @Test
    void restartResumesEverythingInTheSpool() throws Exception {
        store("sender@example.org", "alice@example.com");
        store("sender@example.org", "bob@example.com");
        close();
        spool = Spool.open(dir, Clock.systemUTC());
        queue = new DeliveryQueue(spool, agent, new DsnWriter(DsnSettings.of("relay.example.com")),
                new Backoff(Duration.ofSeconds(300), Duration.ofSeconds(4000)), Duration.ofDays(5), Duration.ofDays(2), 2,
                Clock.systemUTC());
        queue.start();
        waitUntil(() -> spool.list().isEmpty());
        assertEquals(2, seen.size());
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check c) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(50);
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant i) {
            now = i;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
