package dev.mx20.dsn.parse;

/**
 * Sendmail (and V5 sendmail): "----- The following addresses had permanent fatal errors -----" followed by
 * the addresses, then "----- Transcript of session follows -----" with the SMTP dialogue.
 */
final class SendmailFormat extends TextFamily {
    SendmailFormat() {
        super("sendmail");
    }

    @Override
    public boolean matches(BounceContext ctx) {
        return any(ctx.text.lower(), "----- the following addresses had permanent fatal errors -----",
                "----- transcript of session follows -----", "the original message was received at")
                || ctx.subject.startsWith("returned mail: ");
    }

    @Override
    protected String[] startMarkers() {
        return new String[] {"----- the following addresses had", "----- transcript of session follows"};
    }
}
