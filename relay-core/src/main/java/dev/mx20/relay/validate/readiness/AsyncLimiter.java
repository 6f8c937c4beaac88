package dev.mx20.relay.validate.readiness;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs at most {@code max} asynchronous tasks at once; the rest wait in FIFO order. Tasks that complete
 * synchronously (offline lookups) do not recurse: a drain loop starts waiting tasks iteratively.
 */
final class AsyncLimiter {
    private final int max;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private final AtomicInteger wip = new AtomicInteger();
    private int running;

    AsyncLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1");
        }
        this.max = max;
    }

    <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> task) {
        boolean now;
        synchronized (this) {
            now = running < max && waiting.isEmpty();
            if (now) {
                running++;
            }
        }
        if (now) {
            // a free slot and nobody waiting (the usual case below the limit): start here, no queued Runnable
            return start(task).whenComplete((value, error) -> release());
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> start(task).whenComplete((value, error) -> {
            release();
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        synchronized (this) {
            waiting.add(start);
        }
        drain();
        return result;
    }

    private static <T> CompletableFuture<T> start(Supplier<? extends CompletionStage<T>> task) {
        try {
            return task.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One task ended: its slot goes to the next waiting one. */
    private void release() {
        synchronized (this) {
            running--;
        }
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return; // the thread already draining will see our work
        }
        do {
            while (true) {
                Runnable next;
                synchronized (this) {
                    if (running >= max || waiting.isEmpty()) {
                        break;
                    }
                    running++;
                    next = waiting.poll();
                }
                next.run();
            }
        } while (wip.decrementAndGet() != 0);
    }
}
