package dev.mx20.rest.dsn;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that analyse the messages of {@code POST /dsn/classify/batch} while each request's own thread reads
 * the mailbox and writes the answer ({@link OrderedPipeline}). One small fixed pool for all batch requests, of
 * {@code mx20.dsn.batch.analysis-threads} threads (0: half the processors), so batches use every core but never
 * more threads than that, however many arrive; its own pool rather than Quarkus' worker pool, whose threads are
 * the request threads that wait for these results. With 1, there is no pool: a request analyses on its own thread.
 */
@ApplicationScoped
public class BatchAnalysisPool {
    /**
     * Groups of messages ({@link MessageGroups}) of one request submitted and not yet written, per analysis thread:
     * enough to keep the threads busy while the request thread writes, few enough that the answer keeps up.
     */
    static final int IN_FLIGHT_PER_THREAD = 2;
    /** Bytes of one request's messages in flight; a larger single group is analysed alone (memory bound). */
    static final long MAX_BYTES_IN_FLIGHT = 8L << 20;

    private final int threads;
    private final ExecutorService pool;

    public BatchAnalysisPool(DsnConfig config) {
        int configured = config.batch().analysisThreads();
        // Auto: half the processors. Measured on 2 cores (docs/benchmarks.md, rest-api, third session): a second
        // analysis thread competes with the event loop and the upload for the other core and costs ~15-40 % more
        // CPU per message for no wall-clock gain; with cores to spare the pool raises the wall-clock rate.
        this.threads = configured == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2) : configured;
        if (threads <= 1) {
            this.pool = null;
            return;
        }
        AtomicInteger n = new AtomicInteger();
        // Unbounded queue, bounded in practice: each request has at most threads * IN_FLIGHT_PER_THREAD items
        // queued, and requests are bounded by Quarkus' worker pool.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "mx20-batch-analysis-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true); // idle between batches: no threads kept
        this.pool = executor;
    }

    /** Whether messages are analysed on this pool's threads; {@code false}: on each request's own thread. */
    boolean parallel() {
        return pool != null;
    }

    /** A pipeline for one request, handing results to {@code sink} in mailbox order. */
    <T> OrderedPipeline<T> pipeline(OrderedPipeline.Sink<T> sink) {
        return new OrderedPipeline<>(pool, threads * IN_FLIGHT_PER_THREAD, MAX_BYTES_IN_FLIGHT, sink);
    }

    @PreDestroy
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
