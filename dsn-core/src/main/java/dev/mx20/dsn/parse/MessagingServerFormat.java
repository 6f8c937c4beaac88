package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Oracle Communications (formerly Sun Java System / iPlanet) Messaging Server, also behind Apple's iCloud mail:
 * "This report relates to a message you sent with the following header fields:", then one block of labelled lines
 * per failed recipient (Sisimai: MessagingServer):
 * <pre>
 *   Recipient address: bob@mailhost.example.org
 *   Original address: bob@example.org
 *   Reason: Remote SMTP server has rejected address
 *   Diagnostic code: smtp;550 5.1.1 &lt;bob@example.org&gt;... User unknown
 *   Remote system: dns;mx.example.org (TCP|192.0.2.1|47323|192.0.2.25|25) (mx.example.org ESMTP)
 * </pre>
 * The remote answer is the diagnostic code, else the reason; the labels themselves are not part of it.
 */
final class MessagingServerFormat implements BounceFormat {
    @Override
    public String name() {
        return "messagingserver";
    }

    private static final Marker MARKER = Marker.text("this report relates to a message you sent");

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        List<RecipientDraft> out = new ArrayList<>();
        RecipientDraft cur = null;
        String reason = null;
        for (String raw : ctx.text.errorRegion().split("\n")) {
            String line = raw.strip();
            String value = valueOf(line, "Recipient address:");
            if (value != null) {
                finish(cur, reason);
                reason = null;
                String a = Addresses.find(value);
                cur = a == null || out.size() >= 1000 ? null : new RecipientDraft(a);
                if (cur != null) {
                    out.add(cur);
                }
                continue;
            }
            if (cur == null) {
                continue;
            }
            if ((value = valueOf(line, "Original address:")) != null) {
                cur.originalRecipient = Addresses.find(value);
            } else if ((value = valueOf(line, "Reason:")) != null) {
                reason = value;
            } else if ((value = valueOf(line, "Diagnostic code:")) != null) {
                cur.diagnosticType = Headers.typeOf(value);
                cur.diagnosticText = cur.diagnosticType == null ? value
                        : value.substring(value.indexOf(';') + 1).strip();
            } else if ((value = valueOf(line, "Remote system:")) != null) {
                String host = Headers.typedValue(value); // "dns;mx.example.org (TCP|...)": the comment goes
                if (host != null && host.indexOf(' ') < 0) {
                    cur.remoteMta = host;
                }
            }
        }
        finish(cur, reason);
        return out;
    }

    /** The text after {@code label} when the line starts with it (case-insensitive), else {@code null}. */
    private static String valueOf(String line, String label) {
        return line.regionMatches(true, 0, label, 0, label.length()) ? line.substring(label.length()).strip() : null;
    }

    private static void finish(RecipientDraft r, String reason) {
        if (r == null) {
            return;
        }
        if (r.diagnosticText == null && reason != null && !reason.isEmpty()) {
            r.diagnosticText = reason;
            r.diagnosticType = "smtp";
        }
        if (reason != null) {
            // the reason names the refused step where the remote answer may not
            if (reason.contains("rejected MAIL FROM")) {
                SmtpCommand.put(r, "MAIL");
            } else if (reason.contains("has rejected address")) {
                SmtpCommand.put(r, "RCPT");
            }
        }
        GenericText.completeFromText(r);
    }
}
