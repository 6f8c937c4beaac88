package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SendGrid's own bounce ("This is an automatically generated message from SendGrid.", {@code Return-Path:
 * <apps@sendgrid.net>}). Each failed recipient is one line
 * {@code account:id:<addr> : client-ip : remote-host:[remote-ip] :} followed by the indented remote answer,
 * which ends with the command it answered ({@code in RCPT TO}, {@code in MAIL FROM}, {@code in End of DATA}).
 * Its {@code message/delivery-status} part often lacks {@code Status:} and types its {@code Diagnostic-Code}
 * nowhere; the text's answer is the same string with the command appended, so the enricher prefers it.
 */
final class SendGridFormat extends TextFamily {
    private static final String START = "this is an automatically generated message from sendgrid";

    SendGridFormat() {
        super("sendgrid");
    }

    private static final Marker MARKER = Marker.headerContains("Return-Path", "@sendgrid.net").or(Marker.text(START));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        String region = ctx.text.errorRegion();
        List<RecipientDraft> out = new ArrayList<>();
        RecipientDraft current = null;
        StringBuilder diag = new StringBuilder();
        for (String raw : region.split("\n")) {
            String address = recipientLine(raw);
            if (address != null) {
                finish(current, diag);
                current = new RecipientDraft(address);
                current.remoteMta = remoteHost(raw);
                out.add(current);
                diag.setLength(0);
            } else if (current != null && !raw.isBlank() && (raw.charAt(0) == ' ' || raw.charAt(0) == '\t')) {
                diag.append(diag.length() == 0 ? "" : " ").append(raw.strip());
            } else if (current != null && raw.isBlank() && diag.length() > 0) {
                finish(current, diag);
                current = null;
            }
        }
        finish(current, diag);
        return out;
    }

    /** The address of a {@code name:id:<addr> : ip : host:[ip] :} line, or {@code null}. */
    static String recipientLine(String line) {
        int lt = line.indexOf(":<");
        int gt = lt < 0 ? -1 : line.indexOf("> :", lt);
        if (lt <= 0 || gt < 0 || line.charAt(0) == ' ') {
            return null;
        }
        String a = line.substring(lt + 2, gt);
        return a.indexOf('@') > 0 && a.indexOf(' ') < 0 ? a : null;
    }

    /** The host before {@code :[ip]} on the recipient line. */
    private static String remoteHost(String line) {
        int bracket = line.indexOf(":[");
        if (bracket < 0) {
            return null;
        }
        int s = line.lastIndexOf(' ', bracket) + 1;
        String host = line.substring(s, bracket);
        return host.indexOf('.') > 0 ? host.toLowerCase(Locale.ROOT) : null;
    }

    private static void finish(RecipientDraft r, StringBuilder diag) {
        if (r == null || diag.length() == 0 || r.diagnosticText != null) {
            return;
        }
        r.diagnosticText = diag.toString();
        r.diagnosticType = "smtp";
        GenericText.completeFromText(r);
    }
}
