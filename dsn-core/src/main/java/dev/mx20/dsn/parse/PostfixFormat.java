package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Postfix (bounce(8) templates): "This is the mail system at host ..." or, before 2.3, "This is the Postfix
 * program at host ...", subject "Undelivered Mail Returned to Sender"; recipients as
 * {@code <user@example.com>: host mx.example.com[192.0.2.1] said: 550 ... (in reply to RCPT TO command)}, or, for
 * an alias, {@code <user@example.net> (expanded from <team@example.com>): ...}. Two templates without such lines:
 * "--- Delivery report unavailable ---" (bounce_notify_util.c, the bounce log was lost: the recipient is the
 * returned message's {@code To:}), and smtpd's notice to the postmaster "Postfix SMTP server: errors from
 * client[addr]" (smtpd_chat.c), a transcript of the refused session in {@code In:} / {@code Out:} lines.
 */
final class PostfixFormat extends TextFamily {
    PostfixFormat() {
        super("postfix");
    }

    /** smtpd_chat.c: "Subject: %s SMTP server: errors from %s" (mail_name, client), sent to the postmaster. */
    private static final Marker SESSION_NOTICE = Marker.subjectContains(" smtp server: errors from ");
    private static final Marker MARKER = Marker.header("X-Postfix-Queue-ID")
            .or(Marker.anyText("this is the mail system at host", "this is the postfix program at host"))
            .or(Marker.subjectStarts("undelivered mail returned to sender"))
            .or(Marker.text("x-postfix-queue-id:"))
            .or(SESSION_NOTICE);

    @Override
    public Marker marker() {
        return MARKER;
    }

    private static boolean isSessionNotice(BounceContext ctx) {
        return SESSION_NOTICE.test(ctx);
    }

    @Override
    protected String[] startMarkers() {
        return new String[] {"the mail system", "the postfix program"};
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        if (isSessionNotice(ctx)) {
            return fromTranscript(ctx.text.errorRegion());
        }
        List<RecipientDraft> found = super.extract(ctx);
        for (RecipientDraft r : found) {
            expandedFrom(r);
        }
        if (found.isEmpty() && ctx.text.lowerRegion().contains("--- delivery report unavailable ---")) {
            String to = Addresses.find(OriginalMessageReader.read(ctx.mail, ctx.text, 1000).to());
            if (to != null) {
                RecipientDraft r = new RecipientDraft(to);
                r.diagnosticText = "--- Delivery report unavailable ---";
                return List.of(r);
            }
        }
        return found;
    }

    /**
     * "(expanded from &lt;alias&gt;): reason": the address the sender used is the original recipient (RFC 3464
     * §2.3.1), not part of the reason.
     */
    private static void expandedFrom(RecipientDraft r) {
        String d = r.diagnosticText;
        if (d == null || !d.regionMatches(true, 0, "(expanded from ", 0, 15)) {
            return;
        }
        int close = d.indexOf("):");
        if (close < 0) {
            return;
        }
        String alias = Addresses.find(d.substring(15, close));
        if (alias != null && r.originalRecipient == null) {
            r.originalRecipient = alias;
        }
        r.diagnosticText = d.substring(close + 2).strip();
    }

    /**
     * The refused recipients of a session transcript: each {@code In:  RCPT TO:<addr>}, with the first answer of
     * class 4 or 5 that follows it (its own, or, when it was accepted, the refusal of DATA or of the message).
     */
    static List<RecipientDraft> fromTranscript(String region) {
        List<RecipientDraft> out = new ArrayList<>();
        List<RecipientDraft> open = new ArrayList<>(); // recipients without an answer of class 4/5 yet
        String command = null;
        StringBuilder answer = null;
        for (String raw : region.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("In:")) {
                answer = settle(open, command, answer);
                String cmd = line.substring(3).strip();
                command = cmd;
                if (cmd.regionMatches(true, 0, "RCPT TO:", 0, 8) && out.size() < 1000) {
                    String addr = Addresses.find(cmd.substring(8));
                    if (addr != null) {
                        RecipientDraft r = new RecipientDraft(addr);
                        out.add(r);
                        open.add(r);
                    }
                }
            } else if (line.startsWith("Out:")) {
                answer = settle(open, command, answer);
                String reply = line.substring(4).strip();
                if (reply.length() >= 3 && (reply.charAt(0) == '4' || reply.charAt(0) == '5')) {
                    answer = new StringBuilder(reply);
                }
            } else if (answer != null && !line.isEmpty() && raw.startsWith(" ")) {
                answer.append(' ').append(line); // line_wrap() indents the rest of a long answer
            } else {
                answer = settle(open, command, answer);
            }
        }
        settle(open, command, answer);
        out.removeIf(r -> r.diagnosticText == null);
        return out;
    }

    /** Gives a finished refusal to the recipients still waiting for one; returns {@code null} (no open answer). */
    private static StringBuilder settle(List<RecipientDraft> open, String command, StringBuilder answer) {
        if (answer == null || command == null) {
            return null;
        }
        String verb = command.toUpperCase(Locale.ROOT);
        boolean rcpt = verb.startsWith("RCPT");
        List<RecipientDraft> to = rcpt && !open.isEmpty() ? List.of(open.get(open.size() - 1)) : List.copyOf(open);
        for (RecipientDraft r : to) {
            r.diagnosticText = answer.toString();
            r.diagnosticType = "smtp";
            GenericText.completeFromText(r);
            SmtpCommand.put(r, rcpt ? "RCPT" : verb.startsWith("DATA") || verb.startsWith(".") ? "DATA"
                    : verb.startsWith("MAIL") ? "MAIL" : null);
            open.remove(r);
        }
        return null;
    }
}
