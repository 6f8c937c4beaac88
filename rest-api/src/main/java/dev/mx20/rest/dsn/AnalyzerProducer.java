package dev.mx20.rest.dsn;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.DsnLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the one shared, thread-safe {@link BounceAnalyzer}, with the configured message size limit. */
@ApplicationScoped
public class AnalyzerProducer {

    @Produces
    @Singleton
    BounceAnalyzer analyzer(DsnConfig config) {
        DsnLimits d = DsnLimits.DEFAULT;
        return BounceAnalyzer.create(new DsnLimits(config.maxMessageSize(), d.maxHeaderBytes(),
                d.maxHeaderCount(), d.maxNestingDepth(), d.maxRecipients()));
    }
}
