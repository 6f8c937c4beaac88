package dev.mx20.rest.dsn;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs work items on other threads and hands their results to a sink in the order they were submitted: the
 * batch endpoint's request thread splits the mailbox and writes the answer while the analysis threads analyse
 * the next messages. Memory stays bounded: at most {@code maxInFlight} items, holding at most
 * {@code maxBytesInFlight} bytes of input between them (one item alone may be larger), are submitted and not yet
 * handed on; {@link #submit} first hands on the oldest results, waiting for them, until the new item fits.
 *
 * <p>Without an executor every item runs at once on the caller's thread. Not thread-safe: one request thread
 * submits, drains and closes; the sink runs on that thread only.
 *
 * @param <T> the result of one item
 */
final class OrderedPipeline<T> implements AutoCloseable {

    /** Receives the results, in submission order, on the submitting thread. */
    @FunctionalInterface
    interface Sink<T> {
        void accept(T result) throws IOException;
    }

    private record Pending<T>(FutureTask<T> result, long bytes) {
    }

    private final Executor executor;
    private final int maxInFlight;
    private final long maxBytesInFlight;
    private final Sink<T> sink;
    private final ArrayDeque<Pending<T>> inFlight = new ArrayDeque<>();
    private long bytesInFlight;

    /**
     * @param executor         runs the items; {@code null}: each item runs inside {@link #submit}
     * @param maxInFlight      items submitted and not yet handed on, at most (at least 1)
     * @param maxBytesInFlight input bytes of those items, at most (an item larger than this runs alone)
     */
    OrderedPipeline(Executor executor, int maxInFlight, long maxBytesInFlight, Sink<T> sink) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight < 1");
        }
        this.executor = executor;
        this.maxInFlight = maxInFlight;
        this.maxBytesInFlight = maxBytesInFlight;
        this.sink = sink;
    }

    /**
     * Starts {@code work}; first hands on (waiting for them) as many of the oldest results as it takes to stay
     * within the bounds. A {@link RuntimeException} or {@link Error} thrown by an item is thrown here or by
     * {@link #drain()} when its turn comes.
     *
     * @param bytes the input the item holds (its share of the memory bound)
     * @throws IOException from the sink
     */
    void submit(Supplier<T> work, long bytes) throws IOException {
        if (executor == null) {
            sink.accept(work.get());
            return;
        }
        while (!inFlight.isEmpty() && (inFlight.size() >= maxInFlight || bytesInFlight + bytes > maxBytesInFlight)) {
            handOnOldest();
        }
        FutureTask<T> task = new FutureTask<>(work::get);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the pool is shutting down with the service: finish this request on its own thread
        }
        inFlight.add(new Pending<>(task, bytes));
        bytesInFlight += bytes;
    }

    /** Waits for every submitted item and hands its result on, in order. */
    void drain() throws IOException {
        while (!inFlight.isEmpty()) {
            handOnOldest();
        }
    }

    /** Whether results are waiting to be handed on. */
    boolean isEmpty() {
        return inFlight.isEmpty();
    }

    /**
     * Cancels what was not handed on (items not started yet never run): after a failed write the client is
     * gone and their results have nowhere to go. Does nothing after {@link #drain()}.
     */
    @Override
    public void close() {
        for (Pending<T> p : inFlight) {
            p.result().cancel(false);
        }
        inFlight.clear();
        bytesInFlight = 0;
    }

    private void handOnOldest() throws IOException {
        Pending<T> oldest = inFlight.peek();
        T result;
        try {
            result = oldest.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while waiting for the analysis");
        } catch (CancellationException e) {
            throw new IllegalStateException("an item was cancelled before the pipeline was closed", e);
        } catch (ExecutionException e) {
            inFlight.poll();
            bytesInFlight -= oldest.bytes();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause); // a Supplier throws nothing checked
        }
        inFlight.poll();
        bytesInFlight -= oldest.bytes();
        sink.accept(result);
    }
}
