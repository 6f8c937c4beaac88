package dev.mx20.dsn.parse;

import java.util.List;

/**
 * qmail (qmail-send bounce, and its netqmail / vpopmail variants): "Hi. This is the qmail-send program at
 * ...", each failed address as {@code <user@example.com>:} followed by the remote answer, the returned message
 * after "--- Below this line is a copy of the message.".
 */
final class QmailFormat extends TextFamily {
    QmailFormat() {
        super("qmail");
    }

    private static final Marker MARKER = Marker.anyText("this is the qmail-send program", "this is the qmail program",
                    "i'm afraid i wasn't able to deliver your message")
            .and(c -> !c.text.lowerRegion().contains("yahoo"))
            .or(Marker.subjectEquals("failure notice").and(QmailFormat::qmailFrame));

    @Override
    public Marker marker() {
        return MARKER;
    }

    /**
     * qmail-send.c titles its bounce "failure notice" and puts "--- Below this line is a copy of the message." before
     * the returned message; with both the template text above may be rewritten (translated, a provider's own
     * wording, the {@code bouncemessage} control file of later forks) and the message is still qmail's. (Its
     * "Received: (qmail N invoked for bounce)" line would say so too, but trace fields are not kept.)
     */
    private static boolean qmailFrame(BounceContext ctx) {
        return ctx.text.lower().contains("--- below this line is a copy of the message.");
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        List<RecipientDraft> found = super.extract(ctx);
        for (RecipientDraft r : found) {
            if (r.remoteMta == null && r.diagnosticText != null) {
                r.remoteMta = remoteHost(r.diagnosticText);
            }
        }
        return found;
    }

    /** qmail-remote.c names the host it talked to: "Giving up on X.", "Connected to X but ...", "X does not like". */
    static String remoteHost(String diagnostic) {
        for (String lead : new String[] {"Giving up on ", "Connected to "}) {
            int at = diagnostic.indexOf(lead);
            if (at >= 0) {
                int s = at + lead.length();
                int e = s;
                while (e < diagnostic.length() && diagnostic.charAt(e) != ' ') {
                    e++;
                }
                String host = diagnostic.substring(s, e);
                if (host.endsWith(".")) {
                    host = host.substring(0, host.length() - 1);
                }
                return host.indexOf('.') > 0 || host.indexOf(':') > 0 ? host : null;
            }
        }
        int like = diagnostic.indexOf(" does not like recipient.");
        if (like > 0 && diagnostic.lastIndexOf(' ', like - 1) < 0) {
            return diagnostic.substring(0, like);
        }
        return null;
    }

    @Override
    protected String[] startMarkers() {
        return new String[] {"i'm afraid i wasn't able to deliver", "this is the qmail-send program"};
    }
}
