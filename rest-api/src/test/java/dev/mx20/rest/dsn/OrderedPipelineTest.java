package dev.mx20.rest.dsn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderedPipelineTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void handsResultsOnInSubmissionOrderWhateverOrderTheyFinishIn() throws IOException {
        List<Integer> out = new ArrayList<>();
        try (OrderedPipeline<Integer> p = new OrderedPipeline<>(pool, 8, Long.MAX_VALUE, out::add)) {
            for (int i = 0; i < 500; i++) {
                int n = i;
                p.submit(() -> {
                    sleepMicros(ThreadLocalRandom.current().nextInt(300)); // later items often finish first
                    return n;
                }, 1);
            }
            p.drain();
        }
        assertEquals(500, out.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(i, out.get(i));
        }
    }

    @Test
    void neverHoldsMoreItemsOrBytesThanItsBounds() throws IOException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        long[] bytesOut = {0};
        long[] bytesIn = {0};
        int[] handedOn = {0};
        int[] submitted = {0};
        try (OrderedPipeline<Long> p = new OrderedPipeline<>(pool, 3, 100, bytes -> {
            bytesOut[0] += bytes;
            handedOn[0]++;
        })) {
            for (int i = 0; i < 200; i++) {
                long bytes = 10 + i % 50;
                p.submit(() -> {
                    maxSeen.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleepMicros(50);
                    running.decrementAndGet();
                    return bytes;
                }, bytes);
                submitted[0]++;
                bytesIn[0] += bytes;
                int pending = submitted[0] - handedOn[0];
                assertTrue(pending <= 3, "items in flight: " + pending);
                assertTrue(bytesIn[0] - bytesOut[0] <= 100, "bytes in flight: " + (bytesIn[0] - bytesOut[0]));
            }
            p.drain();
        }
        assertEquals(200, handedOn[0]);
        assertTrue(maxSeen.get() <= 3, "ran at once: " + maxSeen.get());
    }

    @Test
    void anItemLargerThanTheByteBoundRunsAlone() throws IOException {
        List<String> events = new ArrayList<>();
        try (OrderedPipeline<String> p = new OrderedPipeline<>(pool, 10, 100, events::add)) {
            p.submit(() -> "small", 10);
            p.submit(() -> "huge", 1_000); // the small one must be handed on first, then the huge one alone
            assertEquals(List.of("small"), events);
            p.submit(() -> "after", 10);
            assertEquals(List.of("small", "huge"), events);
            p.drain();
        }
        assertEquals(List.of("small", "huge", "after"), events);
    }

    @Test
    void withoutAnExecutorEveryItemRunsInsideSubmitOnTheCallersThread() throws IOException {
        List<String> threads = new ArrayList<>();
        OrderedPipeline<String> p = new OrderedPipeline<>(null, 1, 0, threads::add);
        p.submit(() -> Thread.currentThread().getName(), 5);
        assertEquals(List.of(Thread.currentThread().getName()), threads);
        assertTrue(p.isEmpty());
    }

    @Test
    void anItemsFailureIsThrownWhenItsTurnComesAndEarlierResultsAreHandedOnFirst() throws IOException {
        List<Integer> out = new ArrayList<>();
        OrderedPipeline<Integer> p = new OrderedPipeline<>(pool, 8, Long.MAX_VALUE, out::add);
        p.submit(() -> 1, 1);
        IllegalStateException bug = new IllegalStateException("bug");
        p.submit(() -> {
            throw bug;
        }, 1);
        p.submit(() -> 3, 1);
        assertSame(bug, assertThrows(IllegalStateException.class, p::drain));
        assertEquals(List.of(1), out);
        StackOverflowError error = new StackOverflowError();
        p.submit(() -> {
            throw error;
        }, 1);
        assertThrows(StackOverflowError.class, p::drain); // 3 first, then the error
        assertEquals(List.of(1, 3), out);
    }

    @Test
    void aFailingSinkStopsThePipelineAndCloseCancelsWhatHasNotStarted() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch releaseLater = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            OrderedPipeline<Integer> p = new OrderedPipeline<>(single, 10, Long.MAX_VALUE, r -> {
                throw new IOException("client gone");
            });
            p.submit(() -> {
                awaitQuietly(release);
                return ran.incrementAndGet();
            }, 1);
            for (int i = 0; i < 5; i++) {
                p.submit(() -> {
                    awaitQuietly(releaseLater);
                    return ran.incrementAndGet();
                }, 1);
            }
            release.countDown();
            assertThrows(IOException.class, p::drain);
            p.close();
            releaseLater.countDown();
            single.shutdown();
            // a deadline only a real hang reaches: on a loaded 2-core machine the single thread may wait its turn
            assertTrue(single.awaitTermination(60, TimeUnit.SECONDS), "the executor did not finish within 60 s");
            // the first item, and at most the second (started on the single thread before close()): no others
            assertTrue(ran.get() <= 2, "cancelled items still ran: " + ran.get());
            assertTrue(p.isEmpty());
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void afterTheExecutorIsShutDownItemsRunOnTheCallersThread() throws IOException {
        pool.shutdown();
        List<Integer> out = new ArrayList<>();
        try (OrderedPipeline<Integer> p = new OrderedPipeline<>(pool, 4, Long.MAX_VALUE, out::add)) {
            p.submit(() -> 7, 1);
            p.drain();
        }
        assertEquals(List.of(7), out);
    }

    private static void sleepMicros(long micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS); // always counted down by the test; the bound is for a broken run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
