package dev.mx20.dsn.parse;

import dev.mx20.dsn.model.Field;

import java.util.List;
import java.util.Locale;

/**
 * Which SMTP command (RFC 5321 §4.1) the remote server rejected, when the diagnostic says so: Postfix
 * "(in reply to RCPT TO command)", Exim "SMTP error from remote mail server after RCPT TO:", qmail/Sendmail
 * transcripts "&gt;&gt;&gt; DATA". The same answer means different things after RCPT TO (the address) and after DATA
 * (the content), so it is reported to the classifier as the per-recipient extension field {@value #FIELD}.
 */
final class SmtpCommand {
    /** Extension field name carrying {@code CONN}, {@code HELO}, {@code MAIL}, {@code RCPT} or {@code DATA}. */
    static final String FIELD = "X-Mx20-Smtp-Command";

    /** Command names as a trailing "in ..." phrase; spelt out in full so "in mail server" never matches. */
    private static final String[] SUFFIXES = {" in rcpt to", " in mail from", " in end of data", " in data"};

    private SmtpCommand() {
    }

    /** The command named in a diagnostic, or {@code null}. */
    static String of(String diagnostic) {
        if (diagnostic == null || diagnostic.isEmpty()) {
            return null;
        }
        String d = diagnostic.toLowerCase(Locale.ROOT);
        int reply = d.indexOf("in reply to ");
        if (reply >= 0) {
            return named(d, reply + 12);
        }
        int after = d.indexOf("after ");
        while (after >= 0) {
            // Exim marks a command sent in a PIPELINING batch (RFC 2920): "after pipelined RCPT TO:<...>"
            String c = named(d, d.startsWith("pipelined ", after + 6) ? after + 16 : after + 6);
            if (c != null && d.lastIndexOf("error", after) >= 0) {
                return c;
            }
            after = d.indexOf("after ", after + 6);
        }
        for (String tail : SUFFIXES) {
            int in = lastIndexOf(d, tail);
            if (in >= 0) {
                return named(d, in + 4); // SendGrid ends the answer with the command: "... User Unknown in RCPT TO"
            }
        }
        String qmail = qmailRemote(d);
        if (qmail != null) {
            return qmail;
        }
        int x3 = d.indexOf("smtp:");
        if (x3 >= 0 && named(d, x3 + 5) != null) {
            return named(d, x3 + 5); // "SMTP:RCPT host 192.0.2.8: 553 ..." (Sisimai's X3)
        }
        int following = d.indexOf("error following ");
        if (following >= 0 && named(d, following + 16) != null) {
            return named(d, following + 16); // "(Error following RCPT command)" (Sisimai's X6)
        }
        int imss = lastIndexOf(d, "sent <<< ");
        if (imss >= 0) {
            return named(d, imss + 9); // InterScan MSS turns the arrows round: "Sent <<< RCPT TO:<addr>"
        }
        int sent = lastIndexOf(d, ">>> ");
        if (sent >= 0) {
            return named(d, sent + 4);
        }
        if (d.contains("initial connection") || d.contains("refused to talk to me")) {
            return "CONN";
        }
        return null;
    }

    /**
     * qmail-remote names the failed step in fixed sentences (qmail-remote.c: "Connected to X but greeting
     * failed", "... but my name was rejected", "... but sender was rejected", "X does not like recipient",
     * "failed on DATA command", "failed after I sent the message"); qmail clones keep them.
     */
    private static String qmailRemote(String d) {
        if (d.contains(" does not like recipient")) {
            return "RCPT";
        }
        if (d.contains(" but sender was rejected")) {
            return "MAIL";
        }
        if (d.contains(" but my name was rejected")) {
            return "HELO";
        }
        if (d.contains(" but greeting failed")) {
            return "CONN";
        }
        if (d.contains("failed on data command") || d.contains("failed after i sent the message")) {
            return "DATA";
        }
        return null;
    }

    /**
     * {@link String#lastIndexOf(String)}, answered by {@link String#indexOf(String)} when the text is absent (the
     * usual case): the JIT compiles indexOf to a vectorised intrinsic but lastIndexOf to a byte-by-byte loop, and
     * these searches over every diagnostic were a visible share of parsing. Same answer either way.
     */
    private static int lastIndexOf(String d, String s) {
        return d.indexOf(s) < 0 ? -1 : d.lastIndexOf(s);
    }

    private static String named(String d, int at) {
        if (d.startsWith("rcpt", at)) {
            return "RCPT";
        }
        if (d.startsWith("mail", at)) {
            return "MAIL";
        }
        if (d.startsWith("end of data", at) || d.startsWith("data", at) || d.startsWith("sending data block", at)) {
            return "DATA";
        }
        if (d.startsWith("helo", at) || d.startsWith("ehlo", at)) {
            return "HELO";
        }
        if (d.startsWith("initial connection", at) || d.startsWith("connect", at)) {
            return "CONN";
        }
        return null;
    }

    /** Adds the field with {@code command} to the recipient unless the command is unknown or a field is there. */
    static void put(RecipientDraft r, String command) {
        if (r != null && command != null && !hasField(r)) {
            r.extensionFields.add(new Field(FIELD, command));
        }
    }

    /** Adds the field to each recipient whose diagnostic names the command and that does not have it yet. */
    static void annotate(List<RecipientDraft> recipients) {
        for (RecipientDraft r : recipients) {
            String c = r.commandInDiagnostic();
            if (c != null && !hasField(r)) {
                r.extensionFields.add(new Field(FIELD, c));
            }
        }
    }

    /** Whether the recipient has the field already (a plain loop: a stream per recipient cost more than the test). */
    private static boolean hasField(RecipientDraft r) {
        for (Field f : r.extensionFields) {
            if (f.name().equals(FIELD)) {
                return true;
            }
        }
        return false;
    }
}
