package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Verizon Wireless gateways. The multimedia one (vzwpix.com): "Message could not be delivered to mobile." with
 * "Error: ..." as the reason, and the recipient only in the {@code To:} line of the quoted "Original Message:".
 * The SMS one ({@code post_master@vtext.com}): "Error: ..." then the remote answer ({@code 550 - Requested action
 * not taken: ...}) and a "Message details:" block whose indented {@code RCPT TO:} lines name the recipients.
 */
final class VerizonFormat extends TextFamily {
    VerizonFormat() {
        super("verizon");
    }

    private static final Marker MARKER = Marker.fromContains("vzwpix.com").or(Marker.fromContains("@vtext.com"))
            .or(Marker.text("message could not be delivered to mobile"));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String full = ctx.text.full();
        String reason = null;
        String answer = null;
        List<RecipientDraft> out = new ArrayList<>();
        List<RecipientDraft> envelope = new ArrayList<>();
        boolean inOriginal = false;
        boolean inDetails = false;
        for (String raw : full.split("\n")) {
            String line = raw.strip();
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("error:") && reason == null) {
                reason = line.substring(6).trim();
            } else if (answer == null && !inDetails && line.length() > 6 && line.indexOf(" - ") == 3
                    && Character.isDigit(line.charAt(0))) {
                answer = line; // vtext.com: "550 - Requested action not taken: no such user here"
            } else if (lower.startsWith("message details:")) {
                inDetails = true;
            } else if (inDetails && lower.startsWith("rcpt to:")) {
                String a = Addresses.find(line);
                if (a != null) {
                    envelope.add(new RecipientDraft(a));
                }
            } else if (lower.startsWith("original message")) {
                inOriginal = true;
            } else if (inOriginal && lower.startsWith("to:")) {
                String a = Addresses.find(line);
                if (a != null) {
                    out.add(new RecipientDraft(a));
                }
            }
        }
        if (!envelope.isEmpty()) {
            out = envelope; // the envelope recipient beats the header To: of the details block
        }
        String diag = answer == null ? reason : reason == null ? answer : reason + " " + answer;
        for (RecipientDraft r : out) {
            r.diagnosticText = diag;
            GenericText.completeFromText(r);
        }
        return out;
    }
}
