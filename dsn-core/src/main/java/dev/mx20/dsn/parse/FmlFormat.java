package dev.mx20.dsn.parse;

import java.util.List;

/**
 * fml (the Japanese mailing-list manager): error replies from the list's {@code -admin} address such as
 * "You are not a member of this mailing list" or "Loop Alert", marked by {@code X-MLServer} / {@code X-ML-Name}
 * headers or a subject ending in "(name ML)". The address in the error sentence is reported.
 */
final class FmlFormat extends TextFamily {
    FmlFormat() {
        super("fml");
    }

    @Override
    public boolean matches(BounceContext ctx) {
        boolean listHeader = ctx.hasHeader("X-MLServer") || ctx.hasHeader("X-ML-Name")
                || ctx.hasHeader("X-ML-Server");
        boolean listSubject = ctx.subject.endsWith(" ml)") && ctx.from.contains("-admin@");
        return listHeader && any(ctx.text.lowerRegion(), "not a member", "loop alert", "duplicated message-id",
                "command error") || listSubject;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        // The first address of the error sentence is the one the list refused; later ones are help addresses.
        List<RecipientDraft> all = GenericText.addressesInSentences(ctx, ctx.text.errorRegion());
        return all.size() > 1 ? List.of(all.get(0)) : all;
    }
}
