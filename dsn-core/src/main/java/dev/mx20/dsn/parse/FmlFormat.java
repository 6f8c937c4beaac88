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

    private static final Marker MARKER = Marker.header("X-MLServer").or(Marker.header("X-ML-Name")).or(Marker.header("X-ML-Server"))
            .and(Marker.anyText("not a member", "loop alert", "duplicated message-id", "command error"))
            .or(Marker.subjectEnds(" ml)").and(Marker.fromContains("-admin@")));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        // The first address of the error sentence is the one the list refused; later ones are help addresses.
        List<RecipientDraft> all = GenericText.addressesInSentences(ctx, ctx.text.errorRegion());
        return all.size() > 1 ? List.of(all.get(0)) : all;
    }
}
