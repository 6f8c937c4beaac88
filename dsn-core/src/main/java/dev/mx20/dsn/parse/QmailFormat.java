package dev.mx20.dsn.parse;

/**
 * qmail (qmail-send bounce, and its netqmail / vpopmail variants): "Hi. This is the qmail-send program at
 * ...", each failed address as {@code <user@example.com>:} followed by the remote answer, the returned message
 * after "--- Below this line is a copy of the message.".
 */
final class QmailFormat extends TextFamily {
    QmailFormat() {
        super("qmail");
    }

    @Override
    public boolean matches(BounceContext ctx) {
        return any(ctx.text.lowerRegion(), "this is the qmail-send program", "this is the qmail program",
                "i'm afraid i wasn't able to deliver your message") && !ctx.text.lowerRegion().contains("yahoo");
    }

    @Override
    protected String[] startMarkers() {
        return new String[] {"i'm afraid i wasn't able to deliver", "this is the qmail-send program"};
    }
}
