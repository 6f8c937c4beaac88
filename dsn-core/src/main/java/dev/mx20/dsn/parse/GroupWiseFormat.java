package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Novell / Micro Focus GroupWise: the GroupWise Internet Agent (GWIA) returns undeliverable mail under the subject
 * "Message status - undeliverable" with the sentence "The message that you sent was undeliverable to the
 * following:", then one indented line per recipient, the address followed by GroupWise's status in parentheses
 * ({@code "\tjo@example.org (user not found)"}, "(User not on post office)", "(host not found)"), an empty line, and
 * optionally "Information about your message:" and "Possibly truncated original message follows:". Sisimai has no
 * module for it. The parenthesised status is GroupWise's own verdict on the mailbox (its post office directory), not
 * a quoted SMTP reply, so it is the diagnostic and no stage is implied.
 */
final class GroupWiseFormat extends TextFamily {
    static final String SENTENCE = "the message that you sent was undeliverable to the following";

    GroupWiseFormat() {
        super("groupwise");
    }

    // The subject alone is copied by other software's bounce-subject lists; with GWIA's header or the sentence
    // it is GroupWise's
    private static final Marker MARKER = Marker.subjectStarts("message status - undeliverable")
            .and(Marker.headerContains("X-Mailer", "groupwise").or(Marker.text(SENTENCE)))
            .or(Marker.headerContains("X-Mailer", "groupwise").and(Marker.text(SENTENCE)));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        int at = ctx.text.lowerRegion().indexOf(SENTENCE);
        List<RecipientDraft> out = new ArrayList<>();
        if (at < 0) {
            return out;
        }
        int eol = region.indexOf('\n', at);
        boolean listStarted = false;
        for (int pos = eol < 0 ? region.length() : eol + 1; pos < region.length(); ) {
            int end = region.indexOf('\n', pos);
            if (end < 0) {
                end = region.length();
            }
            String line = region.substring(pos, end).strip();
            pos = end + 1;
            if (line.isEmpty()) {
                if (listStarted) {
                    break; // the list ends at the first empty line after it
                }
                continue;
            }
            listStarted = true;
            String address = Addresses.find(line);
            if (address == null) {
                continue; // a GroupWise-internal user ID without a domain names no address
            }
            RecipientDraft r = new RecipientDraft(address);
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            if (open >= 0 && close > open) {
                r.diagnosticText = line.substring(open + 1, close).strip();
                GenericText.completeFromText(r);
            }
            out.add(r);
        }
        return out;
    }
}
