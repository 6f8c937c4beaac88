package dev.mx20.dsn.parse;

import java.util.List;

/**
 * dma, the DragonFly Mail Agent (DragonFly BSD, Debian's {@code dma}): one bounce per failed recipient, written
 * by its {@code bounce()} (mail.c) as plain text:
 *
 * <pre>
 * This is the DragonFly Mail Agent v0.13 at example.org.
 *
 * There was an error delivering your mail to &lt;bob@example.net&gt;.
 *
 * mx.example.net [2001:db8::25] did not like our RCPT TO:
 * 550 5.1.1 &lt;bob@example.net&gt;: Recipient address rejected: User unknown
 *
 * Message headers follow.
 * </pre>
 *
 * The reason is what stands between the recipient's sentence and "Message headers follow." (or "Original
 * message follows."): dma's own words ("Could not deliver for the last 432000 seconds. Giving up.") or the
 * remote host, its address and the command it refused, then its answer. Read here rather than by
 * {@link GenericText}, which would take the introduction for part of the reason.
 */
final class DragonflyFormat extends TextFamily {
    private static final String INTRO = "this is the dragonfly mail agent";
    private static final String RECIPIENT = "there was an error delivering your mail to";
    private static final String REMOTE = " did not like our ";

    DragonflyFormat() {
        super("dragonfly");
    }

    private static final Marker MARKER = Marker.text(INTRO);

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        int at = indexOfIgnoreCase(region, RECIPIENT);
        if (at < 0) {
            return GenericText.extractAll(ctx);
        }
        int eol = region.indexOf('\n', at);
        String sentence = region.substring(at + RECIPIENT.length(), eol < 0 ? region.length() : eol);
        String address = Addresses.find(sentence);
        if (address == null) {
            return GenericText.extractAll(ctx);
        }
        RecipientDraft r = new RecipientDraft(address);
        String reason = eol < 0 ? "" : GenericText.joinLines(region, eol + 1).trim();
        if (!reason.isEmpty()) {
            r.diagnosticText = reason;
            r.diagnosticType = "smtp";
            int remote = reason.indexOf(REMOTE);
            if (remote > 0) {
                // "mx.example.net [2001:db8::25] did not like our RCPT TO:": the host name before the address
                String host = reason.substring(0, remote).trim();
                int bracket = host.indexOf(" [");
                r.remoteMta = bracket > 0 ? host.substring(0, bracket) : host;
            }
            GenericText.completeFromText(r);
        }
        return List.of(r);
    }

    /** Offset of {@code lowerNeedle} in {@code text} ignoring case, on {@code text}'s own offsets, or -1. */
    private static int indexOfIgnoreCase(String text, String lowerNeedle) {
        for (int i = 0, last = text.length() - lowerNeedle.length(); i <= last; i++) {
            if (text.regionMatches(true, i, lowerNeedle, 0, lowerNeedle.length())) {
                return i;
            }
        }
        return -1;
    }
}
