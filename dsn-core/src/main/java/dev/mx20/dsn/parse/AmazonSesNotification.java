package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.OriginalMessage;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Amazon SES event notifications delivered by mail through SNS: a JSON document with
 * {@code "notificationType":"Bounce"|"Delivery"|"Complaint"} (or, from SES event publishing, {@code "eventType"} with
 * the same values and members) and one object per recipient
 * ({@code bouncedRecipients[].emailAddress/action/status/diagnosticCode}, {@code delivery.recipients[]},
 * {@code complaint.complainedRecipients[]}).
 *
 * <p>dsn-core depends on mime4j only, so instead of a JSON library this reads the few string members it needs
 * with {@link JsonStrings}, a scanner that honours JSON string escapes (RFC 8259 §7) and nothing more.
 */
final class AmazonSesNotification {
    private AmazonSesNotification() {
    }

    static BounceReport read(ParsedMail mail, OriginalMessage original, DsnLimits limits, List<String> warnings) {
        String json = null;
        for (MailPart p : mail.parts()) {
            if (!p.insideAttachedMessage() && (p.isText() || p.is("application/json"))
                    && (p.text().contains("notificationType") || isJson(p.text()) && p.text().contains("eventType"))) {
                json = p.text();
                break;
            }
        }
        if (json == null) {
            return null;
        }
        if (mail.header("X-Amz-Sns-Message-Id") != null && json.indexOf("!\n") >= 0) {
            json = unfold(json);
        }
        // Delivered through SNS the notification is a JSON string inside the "Message" member of the envelope.
        if (json.contains("\"Type\"") && json.contains("\"Message\"")) {
            String inner = JsonStrings.first(json, "Message", 0);
            if (inner != null && (inner.contains("\"notificationType\"") || inner.contains("\"eventType\""))) {
                json = inner;
            }
        }
        String type = JsonStrings.first(json, "notificationType", 0);
        if (type == null && json.contains("\"mail\"")) {
            // SES event publishing (configuration-set event destinations) names the same document's kind
            // "eventType"; Bounce, Delivery and Complaint have the members of the notifications
            type = JsonStrings.first(json, "eventType", 0);
        }
        if (type == null) {
            return null;
        }
        List<RecipientDraft> recipients = new ArrayList<>();
        ReportKind kind;
        switch (type) {
            case "Bounce" -> {
                kind = ReportKind.BOUNCE;
                int section = json.indexOf("\"bouncedRecipients\"");
                readRecipients(json, section, recipients, limits);
                String bounceType = JsonStrings.first(json, "bounceType", 0);
                for (RecipientDraft r : recipients) {
                    if (r.action == null) {
                        r.action = Action.FAILED;
                    }
                    if (bounceType != null) {
                        r.extensionFields.add(new dev.mx20.dsn.model.Field("X-SES-Bounce-Type", bounceType));
                    }
                }
            }
            case "Delivery" -> {
                kind = ReportKind.DELIVERED;
                int section = json.indexOf("\"delivery\"");
                int list = json.indexOf("\"recipients\"", Math.max(section, 0));
                String response = JsonStrings.first(json, "smtpResponse", Math.max(section, 0));
                for (String a : JsonStrings.array(json, list)) {
                    if (recipients.size() >= limits.maxRecipients()) {
                        break;
                    }
                    RecipientDraft r = new RecipientDraft(a);
                    r.action = Action.DELIVERED;
                    r.diagnosticText = response;
                    r.diagnosticType = response == null ? null : "smtp";
                    r.completeFromDiagnostic();
                    recipients.add(r);
                }
            }
            case "Complaint" -> {
                kind = ReportKind.FEEDBACK_REPORT;
                readRecipients(json, json.indexOf("\"complainedRecipients\""), recipients, limits);
            }
            default -> {
                return null;
            }
        }
        if (recipients.isEmpty()) {
            warnings.add("Amazon SES notification without recipients");
        }
        String reportingMta = Headers.typedValue(JsonStrings.first(json, "reportingMTA", 0));
        List<RecipientReport> out = new ArrayList<>(recipients.size());
        for (RecipientDraft r : recipients) {
            out.add(r.toReport());
        }
        return new BounceReport(kind, "amazonses", reportingMta, null, null, null, null, null, original, out,
                warnings);
    }

    /**
     * SNS notifications by mail (the {@code X-Amz-Sns-Message-Id} header) can arrive with long lines folded: the
     * line ends with "!" and its continuation starts with one added space (Sisimai's AmazonSES reader joins them the
     * same way). Left folded, a member split across the fold is not found.
     */
    static String unfold(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '!') {
                int nl = i + 1 < n && text.charAt(i + 1) == '\r' ? i + 2 : i + 1;
                if (nl + 1 < n && text.charAt(nl) == '\n' && text.charAt(nl + 1) == ' ') {
                    i = nl + 1; // drop "!", the line break and the continuation's leading space
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Whether the text starts as a JSON object does (a cheap test before a second scan of every text part). */
    private static boolean isJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return c == '{';
            }
        }
        return false;
    }

    /**
     * The address of an {@code emailAddress} member; {@code null} when the value holds a control character or white
     * space: a JSON string may not hold raw control characters (RFC 8259 §7), so such a value is a broken document,
     * not an address.
     */
    private static String jsonAddress(String value) {
        String a = Addresses.clean(value);
        if (a == null) {
            return null;
        }
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) <= ' ') {
                return null;
            }
        }
        return a;
    }

    /** Reads the recipient objects of the array member starting at {@code section}. */
    private static void readRecipients(String json, int section, List<RecipientDraft> out, DsnLimits limits) {
        if (section < 0) {
            return;
        }
        int pos = section;
        int end = JsonStrings.endOfValue(json, json.indexOf('[', section));
        while (out.size() < limits.maxRecipients()) {
            int at = json.indexOf("\"emailAddress\"", pos);
            if (at < 0 || at > end) {
                break;
            }
            int next = json.indexOf("\"emailAddress\"", at + 14);
            int stop = next < 0 || next > end ? end : next;
            RecipientDraft r = new RecipientDraft(jsonAddress(JsonStrings.first(json, "emailAddress", at)));
            r.action = Action.parse(JsonStrings.within(json, "action", at, stop));
            r.status = StatusCodes.normaliseStatus(JsonStrings.within(json, "status", at, stop));
            String diag = JsonStrings.within(json, "diagnosticCode", at, stop);
            if (diag != null) {
                r.diagnosticType = Headers.typeOf(diag);
                r.diagnosticText = r.diagnosticType != null ? diag.substring(diag.indexOf(';') + 1).trim() : diag;
            }
            r.completeFromDiagnostic();
            out.add(r);
            pos = at + 14;
        }
    }
}
