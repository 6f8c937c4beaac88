package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.Field;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the body of a {@code message/delivery-status} (RFC 3464 §2.1) or {@code message/global-delivery-status}
 * (RFC 6533 §3, same syntax in UTF-8) part: one group of per-message fields, then one group per recipient,
 * groups separated by blank lines.
 *
 * <p>Real reports bend the grammar: blank lines missing between groups, a blank line inside a group, the
 * per-message fields repeated. So groups are not trusted blindly: a recipient starts at a blank line after
 * recipient fields, or when a field that a recipient has once ({@code Final-Recipient}, {@code Action},
 * {@code Status}) appears a second time.
 */
final class DeliveryStatusParser {

    /** The per-message fields (RFC 3464 §2.2). */
    static final class MessageFields {
        String reportingMta;
        String dsnGateway;
        String receivedFromMta;
        String arrivalDate;
        String originalEnvelopeId;
        final List<Field> extensionFields = new ArrayList<>(0);
    }

    /** The parse result. */
    record Result(MessageFields message, List<RecipientDraft> recipients) {
    }

    private DeliveryStatusParser() {
    }

    static Result parse(String body, int maxRecipients, int maxFields) {
        MessageFields msg = new MessageFields();
        List<RecipientDraft> recipients = new ArrayList<>();
        RecipientDraft cur = null;
        boolean blankSinceRecipientField = false;
        int fieldCount = 0;
        boolean firstGroup = true;
        for (List<Field> group : groups(body, maxFields)) {
            blankSinceRecipientField = true;
            for (Field f : group) {
                if (++fieldCount > maxFields) {
                    break;
                }
                String name = lowerName(f.name());
                String value = f.value();
                if (applyMessageField(msg, name, f)) {
                    continue;
                }
                if (firstGroup && cur == null && name.startsWith("x-")) {
                    // RFC 3464 §2.2: the per-message fields come first, in a group of their own; an extension
                    // field there (PowerMTA's X-PowerMTA-VirtualMTA, ...) describes the message, not the first
                    // recipient
                    msg.extensionFields.add(f);
                    continue;
                }
                if (cur == null || startsNewRecipient(cur, name, blankSinceRecipientField)) {
                    if (recipients.size() >= maxRecipients) {
                        return new Result(msg, recipients);
                    }
                    cur = new RecipientDraft();
                    recipients.add(cur);
                }
                blankSinceRecipientField = false;
                applyRecipientField(cur, name, f, value);
            }
            firstGroup = false;
        }
        recipients.removeIf(RecipientDraft::isEmpty);
        for (RecipientDraft r : recipients) {
            r.completeFromDiagnostic();
        }
        return new Result(msg, recipients);
    }

    /** Splits the body into blank-line separated groups of fields. */
    private static List<List<Field>> groups(String body, int maxFields) {
        List<List<Field>> out = new ArrayList<>();
        int pos = 0;
        int len = body.length();
        while (pos < len) {
            int end = nextBlankLine(body, pos);
            List<Field> fields = Headers.parseBlock(body, pos, end, false, maxFields);
            if (!fields.isEmpty()) {
                out.add(fields);
            }
            pos = end;
            while (pos < len && (body.charAt(pos) == '\r' || body.charAt(pos) == '\n'
                    || body.charAt(pos) == ' ' || body.charAt(pos) == '\t')) {
                pos++;
            }
        }
        return out;
    }

    /** The field names RFC 3464 §2.2 and §2.3 define, and the extensions read below, lower-case. */
    private static final String[] KNOWN_NAMES = {"reporting-mta", "dsn-gateway", "received-from-mta", "arrival-date",
        "original-envelope-id", "x-postfix-queue-id", "x-postfix-sender", "x-original-message-id", "x-queue-id",
        "final-recipient", "original-recipient", "action", "status", "remote-mta", "diagnostic-code",
        "last-attempt-date", "will-retry-until", "final-log-id"};

    /**
     * {@code name.toLowerCase(Locale.ROOT)}, as one of the {@link #KNOWN_NAMES} constants when it is one of them:
     * no lower-cased copy per field, and the switches below hash a constant whose hash the String keeps, instead of
     * a fresh copy's (both were ~2 % of an {@code analyze} profile on small reports). Same value: the constants are
     * ASCII without 'k', and the only characters that lower-case into ASCII are A-Z, the Kelvin sign (to 'k') and
     * U+0130 (to "i" and a combining dot), so a name lower-cases to a constant exactly when it equals it with A-Z
     * folded.
     */
    static String lowerName(String name) {
        for (String k : KNOWN_NAMES) {
            if (k.length() == name.length() && equalsFoldingAscii(name, k)) {
                return k;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code name} equals the lower-case ASCII {@code lower} with A-Z folded to a-z. */
    private static boolean equalsFoldingAscii(String name, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            char c = name.charAt(i);
            if (c != lower.charAt(i) && (c < 'A' || c > 'Z' || c + 32 != lower.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Offset of the next blank line (a line that is empty or only whitespace) at or after {@code from}. */
    private static int nextBlankLine(String s, int from) {
        int pos = from;
        int len = s.length();
        while (pos < len) {
            int eol = s.indexOf('\n', pos);
            if (eol < 0) {
                return len;
            }
            int next = eol + 1;
            int p = next;
            while (p < len && (s.charAt(p) == ' ' || s.charAt(p) == '\t' || s.charAt(p) == '\r')) {
                p++;
            }
            if (p >= len || s.charAt(p) == '\n') {
                return next;
            }
            pos = next;
        }
        return len;
    }

    private static boolean applyMessageField(MessageFields msg, String name, Field f) {
        switch (name) {
            case "reporting-mta" -> msg.reportingMta = Headers.typedValue(f.value());
            case "dsn-gateway" -> msg.dsnGateway = Headers.typedValue(f.value());
            case "received-from-mta" -> msg.receivedFromMta = Headers.typedValue(f.value());
            case "arrival-date" -> msg.arrivalDate = emptyToNull(f.value());
            case "original-envelope-id" -> msg.originalEnvelopeId = emptyToNull(f.value());
            default -> {
                if (name.startsWith("x-") && isMessageExtension(name)) {
                    msg.extensionFields.add(f);
                    return true;
                }
                return false;
            }
        }
        return true;
    }

    /** Per-message extension fields some MTAs add (Postfix X-Postfix-Queue-ID, X-Postfix-Sender...). */
    private static boolean isMessageExtension(String name) {
        return name.equals("x-postfix-queue-id") || name.equals("x-postfix-sender")
                || name.equals("x-original-message-id") || name.equals("x-queue-id");
    }

    private static boolean startsNewRecipient(RecipientDraft cur, String name, boolean afterBlank) {
        if (afterBlank && (cur.finalRecipient != null || cur.action != null || cur.status != null)) {
            // a new group: but a stray blank line inside one recipient's group must not split it
            return name.equals("final-recipient") || name.equals("original-recipient")
                    || cur.finalRecipient != null && cur.action != null && cur.status != null;
        }
        return switch (name) {
            case "final-recipient" -> cur.finalRecipient != null;
            case "original-recipient" -> cur.originalRecipient != null;
            case "action" -> cur.action != null;
            case "status" -> cur.status != null;
            default -> false;
        };
    }

    private static void applyRecipientField(RecipientDraft r, String name, Field f, String value) {
        switch (name) {
            case "final-recipient" -> r.finalRecipient = Addresses.clean(value);
            case "original-recipient" -> r.originalRecipient = Addresses.clean(value);
            case "action" -> {
                r.action = Action.parse(value);
                if (r.action == null) {
                    r.action = lenientAction(value);
                }
            }
            case "status" -> {
                r.status = StatusCodes.normaliseStatus(value);
                statusComment(r, value);
            }
            case "remote-mta" -> r.remoteMta = withoutRootLabel(Headers.typedValue(value));
            case "diagnostic-code" -> {
                r.diagnosticType = Headers.typeOf(value);
                String text = r.diagnosticType != null ? value.substring(value.indexOf(';') + 1).trim() : value;
                r.diagnosticText = text.isEmpty() ? null : text;
                r.replyCode = RecipientDraft.isExitStatus(r.diagnosticType) ? null : r.replyCodeInDiagnostic();
            }
            case "last-attempt-date" -> r.lastAttemptDate = emptyToNull(value);
            case "will-retry-until" -> r.willRetryUntil = emptyToNull(value);
            case "final-log-id" -> r.finalLogId = emptyToNull(value);
            default -> r.extensionFields.add(f);
        }
    }

    /**
     * Haraka (outbound/hmail.js) writes the reason of a failure that has no remote answer as a comment after the
     * status code, "Status: 5.1.2 (550 Tried all MXs example.org)", and no Diagnostic-Code field (RFC 3464 §2.3.4
     * has the code only; RFC 5322 §3.2.2 comments are allowed in the field). A comment that begins with an SMTP
     * reply code is that diagnostic; a Diagnostic-Code field, before or after, wins.
     */
    private static void statusComment(RecipientDraft r, String value) {
        int open = value.indexOf('(');
        int close = value.lastIndexOf(')');
        if (r.diagnosticText != null || open < 0 || close <= open) {
            return;
        }
        String comment = value.substring(open + 1, close).trim();
        Integer reply = StatusCodes.findReplyCode(comment);
        if (reply != null && comment.startsWith(reply.toString())) {
            r.diagnosticText = comment;
            r.replyCode = reply;
        }
    }

    /**
     * "mx.example.org." (Gmail writes the absolute form, RFC 1034 §3.1) names the same host as "mx.example.org",
     * the form every text reader gives; an address literal or a bare "." stays as it is.
     */
    private static String withoutRootLabel(String host) {
        return host != null && host.length() > 1 && host.endsWith(".") && host.indexOf(' ') < 0
                ? host.substring(0, host.length() - 1) : host;
    }

    /** Actions written loosely in the wild: "failed (bad destination mailbox address)", "Failed.", "fail". */
    private static Action lenientAction(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("fail") || v.startsWith("expired")) {
            // "expired" (SendGrid and others): delivery time ran out, i.e. it failed (RFC 3464 has no such action)
            return Action.FAILED;
        }
        if (v.startsWith("delay")) {
            return Action.DELAYED;
        }
        if (v.startsWith("deliver")) {
            return Action.DELIVERED;
        }
        if (v.startsWith("relay")) {
            return Action.RELAYED;
        }
        if (v.startsWith("expand")) {
            return Action.EXPANDED;
        }
        return null;
    }

    private static String emptyToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
