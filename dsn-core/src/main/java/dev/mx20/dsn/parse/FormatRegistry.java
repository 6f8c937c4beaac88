package dev.mx20.dsn.parse;

import java.util.List;

/**
 * The ordered list of {@link BounceFormat}s. Specific families come first (they recognise themselves by
 * headers or unmistakable markers), broad MTA families after them, so that e.g. a Google Groups bounce is not
 * claimed by the generic Gmail reader. The first family whose marker holds wins; a {@link FamilyIndex} of the
 * families' conditions skips, in that same order, every family whose marker cannot hold for the message.
 */
final class FormatRegistry {
    /** A family's result for a text bounce. */
    record Match(String format, String reportingMta, List<RecipientDraft> recipients) {
    }

    private final List<BounceFormat> formats;
    private final FamilyIndex index;

    FormatRegistry(List<BounceFormat> formats) {
        this.formats = List.copyOf(formats);
        this.index = new FamilyIndex(this.formats.stream().map(f -> f.marker().condition()).toList());
    }

    static FormatRegistry standard() {
        return new FormatRegistry(Families.all());
    }

    private static boolean hasCode(RecipientDraft r) {
        return r.status != null || r.replyCode != null;
    }

    /** The first family that recognises the message, or {@code null}. */
    BounceFormat detect(BounceContext ctx) {
        FamilyIndex.Features features = index.features(ctx);
        for (int i = 0; i < formats.size(); i++) {
            // a family whose condition fails cannot match (FamilyConditionTest): its own test is not run
            if (index.mayMatch(i, features, ctx) && formats.get(i).matches(ctx)) {
                return formats.get(i);
            }
        }
        return null;
    }

    /** {@link #detect} without the index: every family's test in order (the reference for tests). */
    BounceFormat detectByScan(BounceContext ctx) {
        for (BounceFormat f : formats) {
            if (f.matches(ctx)) {
                return f;
            }
        }
        return null;
    }

    List<BounceFormat> formats() {
        return formats;
    }

    FamilyIndex index() {
        return index;
    }

    /**
     * Recipients of a text bounce: from the first family that recognises the message (falling back to the
     * generic reader when it finds none), or from the generic reader when the message looks like a bounce
     * by its sender or subject. {@code null} when the message is not a bounce.
     */
    Match extract(BounceContext ctx, int maxRecipients) {
        BounceFormat family = detect(ctx);
        List<RecipientDraft> recipients = List.of();
        if (family != null) {
            recipients = family.extract(ctx);
            if (recipients.isEmpty()) {
                recipients = GenericText.extractAll(ctx);
            }
        } else if (BounceSignals.looksLikeBounce(ctx)) {
            recipients = GenericText.extractAll(ctx);
            if (!AutoReplies.fromDaemon(ctx.from) && recipients.stream().noneMatch(FormatRegistry::hasCode)) {
                // Only the subject hinted at a bounce ("... rejected"): without a status or reply code for any
                // recipient this is more likely a person's message mentioning addresses than a report.
                recipients = List.of();
            }
        }
        if (recipients.isEmpty()) {
            return null;
        }
        if (recipients.size() > maxRecipients) {
            recipients = recipients.subList(0, maxRecipients);
        }
        return new Match(family == null ? "generic" : family.name(), null, recipients);
    }
}
