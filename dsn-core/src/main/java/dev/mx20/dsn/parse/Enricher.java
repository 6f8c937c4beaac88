package dev.mx20.dsn.parse;

import java.util.List;

/**
 * Merges what the human-readable part says into recipients read from the machine-readable part. The
 * delivery-status part stays authoritative for addresses and actions; the text often has the better
 * diagnostic (the remote server's full answer where the DSN has only a status, or a truncated line).
 */
final class Enricher {
    private Enricher() {
    }

    static void enrich(List<RecipientDraft> dsn, List<RecipientDraft> text) {
        if (text.isEmpty()) {
            return;
        }
        for (int i = 0; i < dsn.size(); i++) {
            RecipientDraft d = dsn.get(i);
            RecipientDraft t = match(d, text);
            if (t == null && dsn.size() == text.size()) {
                t = text.get(i); // same count, different spelling (alias expansion, case): pair by position
            }
            if (t == null) {
                continue;
            }
            if (d.finalRecipient == null) {
                d.finalRecipient = t.finalRecipient;
            }
            if (better(t, d)) {
                d.takeDiagnosticText(t);
                if (d.diagnosticType == null) {
                    d.diagnosticType = t.diagnosticType;
                }
            }
            if (d.replyCode == null) {
                d.replyCode = t.replyCode != null ? t.replyCode : d.replyCodeInDiagnostic();
            }
            if (d.status == null) {
                d.status = t.status;
            }
            d.refineStatusFromDiagnostic();
            if (d.remoteMta == null) {
                d.remoteMta = t.remoteMta;
            }
            carryCommand(d, t);
        }
    }

    /**
     * Postfix (and others) name the rejected SMTP command only in the text ("(in reply to RCPT TO command)"),
     * not in the Diagnostic-Code of the delivery-status part; the stage changes what the answer means.
     */
    private static void carryCommand(RecipientDraft d, RecipientDraft t) {
        if (d.commandInDiagnostic() != null || java.util.Objects.equals(d.diagnosticText, t.diagnosticText)) {
            return; // the same text names the same command (or none)
        }
        SmtpCommand.put(d, t.commandInDiagnostic());
    }

    private static RecipientDraft match(RecipientDraft d, List<RecipientDraft> text) {
        for (RecipientDraft t : text) {
            if (t.finalRecipient != null && (t.finalRecipient.equalsIgnoreCase(d.finalRecipient)
                    || t.finalRecipient.equalsIgnoreCase(d.originalRecipient))) {
                return t;
            }
        }
        return null;
    }

    /**
     * Whether a text diagnostic swallowed delivery-status field lines ({@code Action: ... Status: ...}): "action: "
     * in any case, and "status: " after it. Read in place, without a lower-cased copy of the text: each ": " (the
     * JDK's vectorised search) is checked for the name before it with A-Z folded. The same answer as searching
     * {@code text.toLowerCase(Locale.ROOT)}: no other character lower-cases into these letters except U+0130,
     * which becomes "i" and a combining dot, so never "io" (EnricherEchoTest compares both).
     */
    static boolean echoesFields(String text) {
        int action = nameBeforeColon(text, "action", 0);
        return action >= 0 && nameBeforeColon(text, "status", action + 1) >= 0;
    }

    /** Offset of the first ": " at or after {@code from} that follows {@code name} (lower-case ASCII letters), or -1. */
    private static int nameBeforeColon(String text, String name, int from) {
        int n = name.length();
        for (int colon = text.indexOf(": ", from + n); colon >= 0; colon = text.indexOf(": ", colon + 1)) {
            if (equalsFoldingAscii(text, colon - n, name)) {
                return colon;
            }
        }
        return -1;
    }

    /** Whether {@code text} holds {@code lower} (lower-case ASCII letters) at {@code at}, A-Z folded to a-z. */
    private static boolean equalsFoldingAscii(String text, int at, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            char c = text.charAt(at + i);
            if (c != lower.charAt(i) && c + 32 != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the text's diagnostic should replace the DSN's: when the DSN has none, or the text one contains
     * it and says more, or the DSN's carries no reply code while the text's does.
     */
    private static boolean better(RecipientDraft t, RecipientDraft d) {
        String fromText = t.diagnosticText;
        String fromDsn = d.diagnosticText;
        if (fromText == null || fromText.isBlank()) {
            return false;
        }
        if (fromDsn == null || fromDsn.isBlank()) {
            return true;
        }
        if (echoesFields(fromText)) {
            return false; // the text reader ran on RFC 3464 fields written as text: the parsed fields say it better
        }
        if (fromText.length() > fromDsn.length() && fromText.contains(fromDsn)) {
            return true;
        }
        return d.replyCodeInDiagnostic() == null && t.replyCodeInDiagnostic() != null
                && fromText.length() > fromDsn.length();
    }
}
