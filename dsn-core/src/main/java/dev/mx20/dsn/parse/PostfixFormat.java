package dev.mx20.dsn.parse;

/**
 * Postfix (bounce(8) templates): "This is the mail system at host ..." or, before 2.3, "This is the Postfix
 * program at host ...", subject "Undelivered Mail Returned to Sender"; recipients as
 * {@code <user@example.com>: host mx.example.com[192.0.2.1] said: 550 ... (in reply to RCPT TO command)}.
 */
final class PostfixFormat extends TextFamily {
    PostfixFormat() {
        super("postfix");
    }

    @Override
    public boolean matches(BounceContext ctx) {
        return ctx.hasHeader("X-Postfix-Queue-ID")
                || any(ctx.text.lowerRegion(), "this is the mail system at host", "this is the postfix program at host")
                || ctx.subject.startsWith("undelivered mail returned to sender")
                || ctx.text.lowerRegion().contains("x-postfix-queue-id:");
    }

    @Override
    protected String[] startMarkers() {
        return new String[] {"the mail system", "the postfix program"};
    }
}
