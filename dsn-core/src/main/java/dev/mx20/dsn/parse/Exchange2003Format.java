package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Exchange 2000/2003 (and the Internet Mail Service of 5.5): "Your message ... did not reach the following
 * recipient(s):", then per recipient a line {@code addr on <date>} or {@code Display Name (SMTP=addr) on <date>}
 * and, indented below it, the reason and the {@code MSEXCH:IMS:... (000C05A6) Unknown Recipient} line (Sisimai:
 * Exchange2003). The second form does not start with the address, so the shared reader would miss it.
 */
final class Exchange2003Format extends MarkerFamily {
    private static final String START = "did not reach the following recipient";

    Exchange2003Format(Marker marker) {
        super("exchange2003", marker, START);
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        int from = startOf(region, ctx.text.lowerRegion(), new String[] {START});
        List<RecipientDraft> out = new ArrayList<>();
        RecipientDraft cur = null;
        StringBuilder diag = new StringBuilder();
        {
            // without the heading (Exchange 5.5 writes "could not be delivered to these people:") the whole
            // region: the recipient lines are specific enough ("addr on date", "(SMTP=addr) on")
            for (String raw : region.substring(from).split("\n")) {
                String line = raw.strip();
                String address = recipientLine(line);
                if (address != null && out.size() < 1000) {
                    finish(cur, diag);
                    cur = new RecipientDraft(address);
                    out.add(cur);
                } else if (cur != null && !line.isEmpty()) {
                    if (!diag.isEmpty()) {
                        diag.append(' ');
                    }
                    diag.append(line);
                } else if (cur != null && !diag.isEmpty()) {
                    finish(cur, diag);
                    cur = null;
                }
            }
            finish(cur, diag);
        }
        return out.isEmpty() ? super.extract(ctx) : out;
    }

    /** The address of "addr on date" or "Name (SMTP=addr) on date", else {@code null}. */
    static String recipientLine(String line) {
        int on = line.indexOf(" on ");
        if (on < 0) {
            return null;
        }
        int smtp = line.indexOf("(SMTP=");
        if (smtp >= 0 && smtp < on) {
            int close = line.indexOf(')', smtp);
            return close < 0 ? null : Addresses.find(line.substring(smtp + 6, close));
        }
        String head = line.substring(0, on);
        return head.indexOf(' ') < 0 && head.indexOf('@') > 0 ? Addresses.find(head) : null;
    }

    private static void finish(RecipientDraft r, StringBuilder diag) {
        if (r != null && !diag.isEmpty()) {
            r.diagnosticText = diag.toString();
            r.diagnosticType = "smtp";
            GenericText.completeFromText(r);
        }
        diag.setLength(0);
    }
}
