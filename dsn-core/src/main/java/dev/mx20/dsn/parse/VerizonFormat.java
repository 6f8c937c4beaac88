package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Verizon Wireless multimedia gateway (vzwpix.com): "Message could not be delivered to mobile." with
 * "Error: ..." as the reason, and the recipient only in the {@code To:} line of the quoted "Original Message:".
 */
final class VerizonFormat extends TextFamily {
    VerizonFormat() {
        super("verizon");
    }

    @Override
    public boolean matches(BounceContext ctx) {
        return ctx.from.contains("vzwpix.com") || ctx.text.lowerRegion().contains("message could not be delivered to mobile");
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String full = ctx.text.full();
        String reason = null;
        List<RecipientDraft> out = new ArrayList<>();
        boolean inOriginal = false;
        for (String raw : full.split("\n")) {
            String line = raw.strip();
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("error:") && reason == null) {
                reason = line.substring(6).trim();
            } else if (lower.startsWith("original message")) {
                inOriginal = true;
            } else if (inOriginal && lower.startsWith("to:")) {
                String a = Addresses.find(line);
                if (a != null) {
                    out.add(new RecipientDraft(a));
                }
            }
        }
        for (RecipientDraft r : out) {
            r.diagnosticText = reason;
            GenericText.completeFromText(r);
        }
        return out;
    }
}
