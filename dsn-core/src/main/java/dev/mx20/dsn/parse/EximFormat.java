package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Exim: "This message was created automatically by mail delivery software." with the failed addresses indented
 * on their own line and the SMTP conversation indented below; also announces them in {@code X-Failed-Recipients}.
 */
final class EximFormat extends TextFamily {
    private static final String DELAY_TEMPLATE = "No action is required on your part.";

    EximFormat() {
        super("exim");
    }

    @Override
    public boolean matches(BounceContext ctx) {
        return ctx.hasHeader("X-Failed-Recipients")
                || ctx.text.lowerRegion().contains("this message was created automatically by mail delivery software")
                || ctx.from.contains("mail delivery system") && ctx.subject.startsWith("mail delivery failed");
    }

    @Override
    protected String[] startMarkers() {
        return new String[] {"the following address(es) failed", "could not be delivered to one or more",
            "delivery to the following"};
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        List<RecipientDraft> found = super.extract(ctx);
        for (RecipientDraft r : found) {
            // A delay warning ("Warning: message ... delayed") lists each address alone when Exim has no
            // "Delay reason:"; the paragraph that follows is the template, not a reason.
            if (r.diagnosticText != null && r.diagnosticText.regionMatches(true, 0, DELAY_TEMPLATE, 0,
                    DELAY_TEMPLATE.length())) {
                r.diagnosticText = null;
                r.diagnosticType = null;
            }
        }
        String failed = ctx.mail.header("X-Failed-Recipients");
        if (failed == null) {
            return found;
        }
        // The header is the authoritative list (Exim writes it from the same data); keep text order and detail.
        List<RecipientDraft> out = new ArrayList<>();
        for (String a : failed.split(",")) {
            String addr = Addresses.clean(a);
            if (addr == null) {
                continue;
            }
            RecipientDraft match = null;
            for (RecipientDraft r : found) {
                if (r.finalRecipient.equalsIgnoreCase(addr)) {
                    match = r;
                }
            }
            if (match == null) {
                // Named only in the header: the whole report text is this recipient's diagnostic.
                match = new RecipientDraft(addr);
                String region = ctx.text.errorRegion();
                String diag = GenericText.joinLines(region, startOf(region, ctx.text.lowerRegion(), startMarkers()));
                match.diagnosticText = diag.isEmpty() ? null : diag;
                GenericText.completeFromText(match);
            }
            out.add(match);
        }
        if (out.size() == 1 && found.size() >= 1 && out.get(0).diagnosticText == null) {
            RecipientDraft only = out.get(0);
            only.diagnosticText = found.get(0).diagnosticText;
            GenericText.completeFromText(only);
        }
        return out;
    }
}
