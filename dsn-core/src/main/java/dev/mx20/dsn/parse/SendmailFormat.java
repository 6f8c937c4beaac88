package dev.mx20.dsn.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sendmail (and V5 sendmail): "----- The following addresses had permanent fatal errors -----" followed by
 * the addresses, then "----- Transcript of session follows -----" with the SMTP dialogue, where each failed
 * recipient ends in a line {@code 550 <user@example.org>... reason} (the remote answer on the {@code <<<} line
 * before it).
 */
final class SendmailFormat extends TextFamily {
    /**
     * The dots and colons savemail.c puts after the host in "... while talking to mx.example.org.:". Compiled once:
     * {@code String.replaceAll} compiled it per transcript line (2.4 % of analysing a small Sendmail bounce).
     */
    private static final Pattern TRAILING_DOTS_AND_COLONS = Pattern.compile("[.:]+$");

    SendmailFormat() {
        super("sendmail");
    }

    private static final Marker MARKER = Marker.anyText("----- the following addresses had permanent fatal errors -----",
                    "----- transcript of session follows -----", "the original message was received at")
            .or(Marker.subjectStarts("returned mail: "));

    @Override
    public Marker marker() {
        return MARKER;
    }

    @Override
    protected String[] startMarkers() {
        return new String[] {"----- the following addresses had", "----- transcript of session follows"};
    }

    @Override
    public List<RecipientDraft> extract(BounceContext ctx) {
        List<RecipientDraft> listed = super.extract(ctx);
        for (RecipientDraft r : listed) {
            r.diagnosticText = deferredReason(r.diagnosticText);
        }
        String region = ctx.text.errorRegion();
        // each a second pass over the region's lines, so only when the region has what it looks for
        if (region.contains("(expanded from: ")) {
            expandedTargets(region, listed);
        }
        if (region.contains("... while talking to ")) {
            sessionCommand(region, listed);
        }
        List<RecipientDraft> transcript = transcript(region);
        if (transcript.size() <= listed.size()) {
            return listed;
        }
        return transcript;
    }

    /**
     * An alias Sendmail expanded is listed under its target, which need not be an address (a program: {@code
     * "|/usr/bin/procmail"}), with "(reason: ...)" and "(expanded from: &lt;addr&gt;)" lines below it (savemail.c);
     * the delivery-status part names the alias as Final-Recipient. The alias gets the reason.
     */
    static void expandedTargets(String region, List<RecipientDraft> listed) {
        String reason = null;
        for (int pos = 0, eol; pos < region.length(); pos = eol + 1) { // split("\n"): empty lines do nothing here
            eol = Lines.end(region, pos);
            String line = Lines.stripped(region, pos, eol);
            if (line.startsWith("(reason: ") && line.endsWith(")")) {
                reason = line.substring(9, line.length() - 1).strip();
            } else if (line.startsWith("(expanded from: ") && reason != null) {
                String alias = Addresses.find(line.substring(16));
                if (alias != null && listed.size() < 1000
                        && listed.stream().noneMatch(r -> r.finalRecipient.equalsIgnoreCase(alias))) {
                    RecipientDraft r = new RecipientDraft(alias);
                    r.diagnosticText = reason;
                    r.diagnosticType = "smtp";
                    GenericText.completeFromText(r);
                    listed.add(r);
                }
                reason = null;
            } else if (line.isEmpty() || line.startsWith("-----")) {
                reason = null;
            }
        }
    }

    /**
     * "... while talking to mx.example.org.:" then "&gt;&gt;&gt; DATA" and "&lt;&lt;&lt; 554 ..." (savemail.c's
     * transcript of one session): a listed recipient whose reason is that answer was refused at that command, by
     * that host.
     */
    static void sessionCommand(String region, List<RecipientDraft> listed) {
        String host = null;
        String command = null;
        for (int pos = 0, eol; pos < region.length(); pos = eol + 1) { // split("\n"): empty lines do nothing here
            eol = Lines.end(region, pos);
            String line = Lines.stripped(region, pos, eol);
            int talk = line.indexOf("... while talking to ");
            if (talk == 0) {
                host = withoutTrailingDotsAndColons(line.substring(21));
                command = null;
            } else if (line.startsWith(">>> ")) {
                command = SmtpCommand.of(line);
            } else if (line.startsWith("<<< ") && command != null) {
                String answer = line.substring(4).strip();
                for (RecipientDraft r : listed) {
                    if (r.diagnosticText != null && answer.length() > 6 && r.diagnosticText.contains(answer)) {
                        SmtpCommand.put(r, command);
                        if (r.remoteMta == null && host != null && !host.isEmpty()) {
                            r.remoteMta = host;
                        }
                    }
                }
            }
        }
    }

    /** What ends the reason of a deferred recipient in Sendmail's transcript (see {@link #deferredReason}). */
    private static final String[] AFTER_DEFERRED = {" <<< ", " >>> ", " Warning: message still undelivered"};

    /**
     * A recipient Sendmail could not deliver yet is one transcript line, "&lt;bob@example.org&gt;... Deferred:
     * 450 4.7.1 ...", and the dialogue goes on after it: with PIPELINING the server's answer to DATA ("&lt;&lt;&lt; 554
     * 5.5.1 Error: no valid recipients"), then the delay warning's "Warning: message still undelivered after 4
     * hours" and "Will keep trying until ..." (deliver.c). Those lines are not that recipient's reason.
     */
    static String deferredReason(String diagnostic) {
        int from = diagnostic == null ? -1 : diagnostic.indexOf("Deferred: ");
        if (from < 0) {
            return diagnostic;
        }
        int cut = diagnostic.length();
        for (String end : AFTER_DEFERRED) {
            int at = diagnostic.indexOf(end, from);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        return diagnostic.substring(0, cut).trim();
    }

    /** Recipients from the "NNN &lt;address&gt;... reason" lines of the session transcript. */
    static List<RecipientDraft> transcript(String region) {
        List<RecipientDraft> out = new ArrayList<>();
        String lastResponse = null;
        String lastCommand = null; // the ">>> RCPT To:<...>" the next failed-recipient line answers
        for (int pos = 0, eol; pos < region.length(); pos = eol + 1) { // split("\n"): empty lines do nothing here
            eol = Lines.end(region, pos);
            String line = Lines.stripped(region, pos, eol);
            if (line.startsWith(">>>")) {
                lastCommand = SmtpCommand.of(line);
                continue;
            }
            if (line.toLowerCase(java.util.Locale.ROOT).contains("while talking to")) {
                lastCommand = null; // a new SMTP session: the previous one's command is not this one's
            }
            if (line.startsWith("<<<")) {
                lastResponse = line.substring(3).trim();
                continue;
            }
            if (line.length() < 6 || !Character.isDigit(line.charAt(0)) || line.charAt(3) != ' ') {
                continue;
            }
            int dots = line.indexOf("... ");
            if (dots < 0) {
                continue;
            }
            String a = Addresses.find(line.substring(4, dots));
            if (a == null) {
                continue;
            }
            RecipientDraft r = null;
            for (RecipientDraft x : out) {
                if (x.finalRecipient.equalsIgnoreCase(a)) {
                    r = x;
                }
            }
            if (r == null) {
                r = new RecipientDraft(a);
                out.add(r);
            }
            String reason = line.substring(dots + 4).trim();
            // "Remote protocol error" and the like only say the dialogue failed; the <<< line says why.
            r.diagnosticText = lastResponse != null && !lastResponse.contains(a) ? lastResponse + " " + line
                    : lastResponse != null ? lastResponse : line;
            r.diagnosticType = "smtp";
            SmtpCommand.put(r, lastCommand);
            lastCommand = null;
            GenericText.completeFromText(r);
            if (reason.isEmpty()) {
                continue;
            }
            lastResponse = null;
        }
        return out;
    }

    /** {@code text.replaceAll("[.:]+$", "")} with the pattern compiled once. */
    static String withoutTrailingDotsAndColons(String text) {
        return TRAILING_DOTS_AND_COLONS.matcher(text).replaceAll("");
    }
}
