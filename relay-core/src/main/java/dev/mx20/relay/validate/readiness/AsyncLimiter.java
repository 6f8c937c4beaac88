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
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletionStage<T> stage;
            try {
                stage = task.get();
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((value, error) -> {
                synchronized (this) {
                    running--;
                }
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
                drain();
            });
        };
        synchronized (this) {
            waiting.add(start);
        }
        drain();
        return result;
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
