package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * BIGLOBE and the cable ISPs on its platform (inacatv, tmtv, ttv): {@code postmaster@} sends "Returned mail:"
 * with the addresses one per line under "----- The following addresses had delivery problems -----" and the
 * reason, shared by all of them, under "----- Non-delivered information -----".
 *
 * <p>Recognised before the McAfee marker, whose "--- The following addresses had delivery problems ---" is a
 * substring of BIGLOBE's heading.
 */
final class BiglobeFormat extends TextFamily {
    private static final String LIST = "----- the following addresses had delivery problems -----";
    private static final String REASON = "----- non-delivered information -----";

    BiglobeFormat() {
        super("biglobe");
    }

    private static final Marker MARKER = Marker.fromContains("postmaster@").and(Marker.fromContains("@biglobe.ne.jp")
                    .or(Marker.fromContains("@inacatv.ne.jp")).or(Marker.fromContains("@tmtv.ne.jp"))
                    .or(Marker.fromContains("@ttv.ne.jp")))
            .or(Marker.text(LIST).and(Marker.text(REASON)));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        String lower = BounceText.lowerKeepingOffsets(region);
        int list = lower.indexOf(LIST);
        int reason = lower.indexOf(REASON);
        List<RecipientDraft> out = new ArrayList<>();
        if (list < 0) {
            return out;
        }
        int listEnd = reason > list ? reason : region.length();
        for (String raw : region.substring(list + LIST.length(), listEnd).split("\n")) {
            String line = raw.strip();
            if (!line.isEmpty() && line.indexOf(' ') < 0 && line.indexOf('@') > 0) {
                String a = Addresses.find(line);
                if (a != null) {
                    out.add(new RecipientDraft(a));
                }
            }
        }
        String diag = reason < 0 ? null : reasonText(region, reason + REASON.length());
        for (RecipientDraft r : out) {
            r.diagnosticText = diag;
            r.diagnosticType = diag == null ? null : "smtp";
            GenericText.completeFromText(r);
        }
        return out;
    }

    /** The lines after the reason heading up to the next blank line or heading, joined. */
    private static String reasonText(String region, int from) {
        StringBuilder s = new StringBuilder();
        String[] lines = region.substring(from).split("\n");
        for (int i = 1; i < lines.length; i++) { // lines[0] is the rest of the heading line
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("-----")) {
                if (s.length() > 0) {
                    break;
                }
                continue;
            }
            s.append(s.length() == 0 ? "" : " ").append(line);
        }
        return s.length() == 0 ? null : s.toString();
    }
}
