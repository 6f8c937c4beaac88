package dev.mx20.dsn.parse;

/**
 * KDDI / au (EZweb, au one net, dion): text bounces with "Could not be delivered to: &lt;address&gt;"
 * followed by the reason ("As their mailbox is full."), often with a Japanese explanation first.
 */
final class KddiFormat extends TextFamily {
    KddiFormat() {
        super("kddi");
    }

    @Override
    public boolean matches(BounceContext ctx) {
        return (ctx.from.contains("ezweb.ne.jp") || ctx.from.contains("dion.ne.jp")
                || ctx.from.contains("auone-net.jp") || ctx.from.contains("kddi"))
                || ctx.text.lowerRegion().contains("could not be delivered to:") && ctx.text.lowerRegion().contains("your mail sent on");
    }

    @Override
    public java.util.List<RecipientDraft> extract(BounceContext ctx) {
        return GenericText.extractAll(ctx);
    }
}
