package dev.mx20.rest.dsn;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Configuration of the DSN endpoints ({@code mx20.dsn.*}, documented in docs/configuration.md).
 * Hibernate Validator checks the bounds at start-up, so a typo cannot start a service without limits.
 */
@ConfigMapping(prefix = "mx20.dsn")
public interface DsnConfig {

    /** Largest single message, in bytes, for /dsn/classify and for each message of a batch. */
    @WithDefault("10485760")
    @Min(1024)
    @Max(268435456)
    long maxMessageSize();

    /**
     * Largest /dsn/classify body, in bytes, that is read and analysed on the event loop (with a Content-Length
     * and the plain media types, see {@link ClassifyRoute}); larger or unusual requests go to a worker thread.
     * 0 sends every request to a worker.
     */
    @WithDefault("65536")
    @Min(0)
    @Max(1048576)
    long eventLoopMaxSize();

    /** Limits of /dsn/classify/batch. */
    Batch batch();

    /** Limits of /dsn/classify/batch. */
    interface Batch {
        /** Largest mailbox, in bytes; keep quarkus.http.limits.max-body-size at least this large. */
        @WithDefault("1073741824")
        @Min(1024)
        long maxSize();

        /** How many entries the summary's top lists hold when the request does not say. */
        @WithDefault("10")
        @Min(1)
        @Max(100)
        int topN();

        /**
         * Threads that analyse batch messages while each request's thread reads the mailbox and writes the
         * answer (shared by all batch requests); 0 = half the processors (at least 1), 1 = on the request's thread only.
         */
        @WithDefault("0")
        @Min(0)
        @Max(256)
        int analysisThreads();
    }
}
