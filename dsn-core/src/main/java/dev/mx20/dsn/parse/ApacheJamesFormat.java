package dev.mx20.dsn.parse;

import java.util.List;

/**
 * Apache James: "Error message below:" with the remote answer, then "Message details:" listing
 * {@code RCPT TO: address}. The error text precedes the recipient, so it is taken as the diagnostic.
 */
final class ApacheJamesFormat extends TextFamily {
    ApacheJamesFormat() {
        super("apachejames");
    }

    private static final Marker MARKER = Marker.text("error message below:").and(Marker.text("message details:"));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        String lower = ctx.text.lower();
        int details = lower.indexOf("message details:");
        List<RecipientDraft> out = new java.util.ArrayList<>();
        int pos = details;
        while (pos >= 0 && (pos = lower.indexOf("rcpt to:", pos)) >= 0 && pos < region.length()) {
            String a = Addresses.find(region.substring(pos, Math.min(region.length(), lower.indexOf('\n', pos) < 0
                    ? region.length() : lower.indexOf('\n', pos))));
            pos += 8;
            if (a != null) {
                out.add(new RecipientDraft(a));
            }
        }
        // The answer is what follows "Error message below:" (James' DSNBounce mailet); the sentences before it
        // are the template ("Hi. This is the James mail server at ...", "Failed recipient(s):")
        int below = lower.lastIndexOf("error message below:", Math.max(0, details));
        String before = region.substring(0, Math.max(0, details));
        String diag = GenericText.joinLines(below >= 0 && below < before.length()
                ? before.substring(below + "error message below:".length()) : before, 0);
        for (RecipientDraft r : out) {
            r.diagnosticText = diag.isEmpty() ? null : diag;
            GenericText.completeFromText(r);
        }
        return out;
    }
}
