package dev.mx20.relay.queue;

import dev.mx20.relay.delivery.DeliveryAgent;
import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.dsn.DsnSettings;
import dev.mx20.relay.dsn.DsnWriter;
import dev.mx20.relay.queue.DeliveryQueueTest.MutableClock;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue's two time sources: the injected Clock for wall-clock fields, a monotonic clock for waiting. A fake
 * clock that stands still, or a wall clock stepped back or forward (NTP), must neither flood nor stall retries.
 * Every assertion is a bound on attempts in a real interval, loose enough for a loaded machine (at most one per
 * 200 ms is possible, at least two in 2.5 s even with slow fsyncs) and far from what a flood (hundreds, measured
 * without the fix) or a stall (none after the step) gives.
 */
class QueueClockTest {
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(200), Duration.ofMillis(400));

    @TempDir
    Path dir;
    private Spool spool;
    private DeliveryQueue queue;
    private final AtomicInteger attempts = new AtomicInteger();
    /** Always "try again later", as a primary that is down. */
    private final DeliveryAgent down = message -> {
        attempts.incrementAndGet();
        return message.recipients().stream().map(r -> new RecipientOutcome(r.address(),
                RecipientOutcome.Result.DEFERRED, "4.4.1", 0, "connection refused", null, null,
                Clock.systemUTC().instant())).toList();
    };

    @AfterEach
    void close() throws IOException {
        if (queue != null) {
            queue.close();
        }
        if (spool != null) {
            spool.close();
        }
    }

    private void open(Clock clock, Backoff backoff) throws IOException {
        spool = Spool.open(dir, clock);
        queue = new DeliveryQueue(spool, down, new DsnWriter(DsnSettings.of("relay.example.com"), clock), backoff,
                Duration.ofDays(5), Duration.ofDays(5), Duration.ZERO, 1, 5, clock);
    }

    private SpooledMessage store() throws IOException {
        return spool.store("sender@example.org", List.of(new OutboundRecipient("alice@example.com", null, Set.of())),
                null, OutboundMessage.Ret.HDRS, false, "Subject: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Retries neither stall nor flood: two more attempts come (waited for, up to 10 s: a stalled queue would wait a
     * day or forever, and a busy machine only makes them later), and no more than {@code 14} come in 2.5 s (one per
     * 200 ms at most; load can only make that fewer). A count in a fixed window would also demand a lower rate that
     * a slow disk (each attempt rewrites and flushes the envelope) cannot promise.
     */
    private void assertRetriesNeitherStallNorFlood(String what) throws Exception {
        int before = attempts.get();
        Await.until(() -> attempts.get() >= before + 2, Duration.ofSeconds(10), what + ": two more attempts");
        int start = attempts.get();
        Thread.sleep(2500);
        int n = attempts.get() - start;
        assertTrue(n <= 14, what + ": at most one retry per 200 ms, got " + n + " in 2.5 s");
    }

    @Test
    void aFakeClockStandingStillNeitherFloodsNorStallsRetries() throws Exception {
        // A test clock years behind the real one: the schedule must follow it, not the machine's wall clock.
        open(new MutableClock(Instant.parse("2020-01-01T00:00:00Z")), new Backoff(Duration.ofMillis(200),
                Duration.ofMillis(200)));
        queue.start();
        queue.accepted(store());
        Await.until(() -> attempts.get() >= 1, Duration.ofSeconds(10), "first attempt");
        assertRetriesNeitherStallNorFlood("a fake clock standing still");
    }

    @Test
    void aWallClockSteppedBackADayDoesNotFloodRetries() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        open(clock, RETRY);
        queue.start();
        queue.accepted(store());
        Await.until(() -> attempts.get() >= 1, Duration.ofSeconds(10), "first attempt");
        clock.set(clock.instant().minus(Duration.ofDays(1))); // NTP steps the clock back
        assertRetriesNeitherStallNorFlood("the clock stepped back a day");
    }

    @Test
    void aWallClockSteppedForwardADayDoesNotStallRetries() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        open(clock, RETRY);
        queue.start();
        queue.accepted(store());
        Await.until(() -> attempts.get() >= 1, Duration.ofSeconds(10), "first attempt");
        clock.set(clock.instant().plus(Duration.ofDays(1))); // a VM resumed, or NTP steps forward
        assertRetriesNeitherStallNorFlood("the clock stepped forward a day");
    }

    @Test
    void aDueTimeWrittenUnderAClockTenDaysAheadWaitsAtMostTheMaximalBackoffAfterARestart() throws Exception {
        MutableClock ahead = new MutableClock(Instant.now().plus(Duration.ofDays(10)));
        open(ahead, RETRY);
        SpooledMessage m = store();
        queue.attempt(m); // deferred: next attempt = (now + 10 days) + 200 ms in the envelope
        close();
        open(Clock.systemUTC(), RETRY); // restarted after the clock was corrected
        queue.start();
        Await.until(() -> attempts.get() >= 3, Duration.ofSeconds(10),
                "retried within maximal_backoff_time, not in ten days");
    }
}
