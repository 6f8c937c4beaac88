package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Mimecast's own notice ("[Postmaster] Email Delivery Failure", Message-ID at {@code *.mimecast.lan}): every item
 * is a line that starts with {@code "-- "} under an English heading; a line that is only an address is a recipient
 * ("-- user@example.org"), the others are the reason ("-- Recipient email address is possibly incorrect",
 * "-- 5.4.1 Recipient address rejected: Access denied."), which applies to every recipient listed.
 */
final class MimecastFormat extends TextFamily {
    MimecastFormat() {
        super("mimecast");
    }

    private static final Marker MARKER = Marker.subjectContains("email delivery failure").and(Marker.subjectStarts("[postmaster]"))
            .or(Marker.headerEndsWith("Message-ID", ".mimecast.lan>"));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        List<RecipientDraft> out = new ArrayList<>();
        StringBuilder reason = new StringBuilder();
        for (String raw : ctx.text.errorRegion().split("\n")) {
            String line = raw.strip();
            if (!line.startsWith("-- ") || line.length() < 4) {
                continue;
            }
            String item = line.substring(3).trim();
            String address = item.indexOf(' ') < 0 ? Addresses.find(item) : null;
            if (address != null && address.length() + 2 >= item.length()) {
                if (out.size() < 1000 && !listed(out, address)) {
                    out.add(new RecipientDraft(address));
                }
            } else if (reason.length() < 4000) {
                reason.append(reason.length() == 0 ? "" : " ").append(item);
            }
        }
        if (out.isEmpty()) {
            return GenericText.extractAll(ctx);
        }
        for (RecipientDraft r : out) {
            if (reason.length() > 0) {
                r.diagnosticText = reason.toString();
                r.diagnosticType = "smtp";
                GenericText.completeFromText(r);
            }
        }
        return out;
    }

    private static boolean listed(List<RecipientDraft> out, String address) {
        for (RecipientDraft r : out) {
            if (r.finalRecipient.equalsIgnoreCase(address)) {
                return true;
            }
        }
        return false;
    }
}
