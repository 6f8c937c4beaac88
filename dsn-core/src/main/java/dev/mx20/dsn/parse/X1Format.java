package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * "Unknown MTA #1" in Sisimai's naming: a Japanese ISP gateway ("Mail Deliver System") that writes
 * "The original message was received at ..." and "---The following addresses had delivery errors---", then
 * one line per recipient, {@code user@example.org [reason]}, and the original headers straight after without
 * a separator (so the reason is read from inside the brackets only).
 */
final class X1Format extends TextFamily {
    private static final String LIST = "---the following addresses had delivery errors---";

    X1Format() {
        super("x1");
    }

    // The display name is "Mail Deliver System" (sic); "Mail Delivery System" is everybody's and not a marker.
    private static final Marker MARKER = Marker.text(LIST).or(Marker.fromContains("mail deliver system"));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        int list = ctx.text.lowerRegion().indexOf(LIST);
        List<RecipientDraft> out = new ArrayList<>();
        for (String raw : region.substring(list < 0 ? 0 : list).split("\n")) {
            String line = raw.strip();
            int space = line.indexOf(" [");
            if (space <= 0 || !line.endsWith("]") || line.indexOf('@') < 0 || line.indexOf('@') > space) {
                continue;
            }
            String a = Addresses.find(line.substring(0, space));
            if (a == null) {
                continue;
            }
            RecipientDraft r = new RecipientDraft(a);
            r.diagnosticText = line.substring(space + 2, line.length() - 1).trim();
            r.diagnosticType = "smtp";
            GenericText.completeFromText(r);
            out.add(r);
        }
        return out;
    }
}
