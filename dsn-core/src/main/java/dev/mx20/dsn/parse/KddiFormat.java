package dev.mx20.dsn.parse;

/**
 * KDDI / au (EZweb, au one net, dion): text bounces with "Could not be delivered to: &lt;address&gt;"
 * followed by the reason ("As their mailbox is full."), often with a Japanese explanation first.
 */
final class KddiFormat extends TextFamily {
    KddiFormat() {
        super("kddi");
    }

    private static final Marker MARKER = Marker.fromContains("ezweb.ne.jp").or(Marker.fromContains("dion.ne.jp"))
            .or(Marker.fromContains("auone-net.jp")).or(Marker.fromContains("kddi"))
            .or(Marker.fromContains("postmaster@au.com")) // au's current domain (Sisimai: EZweb)
            .or(Marker.text("could not be delivered to:").and(Marker.text("your mail sent on")));

    @Override
    public Marker marker() {
        return MARKER;
    }

    /** au's spam filter (Sisimai: EZweb, "spamghetti") marks the notices of the mail it refused. */
    static final String SPASIGN = "X-SPASIGN";

    @Override
    public java.util.List<RecipientDraft> extract(BounceContext ctx) {
        java.util.List<RecipientDraft> found = recipients(ctx);
        // "X-SPASIGN: NG" on the notice: the recipient's spam filter refused the message. The header is the only
        // statement of the reason (the text may give none), so it is handed on to every recipient of the notice
        // as a per-recipient field the classifier reads (classify/BounceCategoryField)
        if ("ng".equals(ctx.headerLower(SPASIGN).strip())) {
            for (RecipientDraft r : found) {
                r.extensionFields.add(new dev.mx20.dsn.model.Field(SPASIGN, "NG"));
            }
        }
        return found;
    }

    private static java.util.List<RecipientDraft> recipients(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        // EZweb ends its notice with a rule of 50 hyphens and appends the returned message's header after it,
        // undeclared (Sisimai: EZweb): the text after the rule is not a reason
        int rule = region.indexOf("\n" + "-".repeat(50) + "\n");
        if (rule < 0) {
            return GenericText.extractAll(ctx);
        }
        String notice = region.substring(0, rule + 1);
        java.util.List<RecipientDraft> found = GenericText.extract(notice, 0, notice.length(), 1000);
        return found.isEmpty() ? GenericText.addressesInSentences(ctx, notice) : found;
    }
}
