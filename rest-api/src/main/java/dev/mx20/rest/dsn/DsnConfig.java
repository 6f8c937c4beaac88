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
    }
}
