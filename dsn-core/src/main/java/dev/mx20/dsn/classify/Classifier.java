package dev.mx20.dsn.classify;

import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.taxonomy.Category;
import dev.mx20.dsn.taxonomy.Classification;
import dev.mx20.dsn.taxonomy.Permanence;

/** Decides the {@link Classification} of one recipient. Internal to dsn-core. */
public final class Classifier {
    public Classification classify(BounceReport report, RecipientReport recipient) {
        // Placeholder until the classifier lands (issue 2); replaced, not extended.
        return new Classification(Category.UNDEFINED, "unknown", Permanence.TRANSIENT, false,
                "Not classified yet.", "", "");
    }
}
