package dev.mx20.dsn.classify;

/**
 * The SMTP command (RFC 5321 §4.1) a diagnostic says the remote server was answering, read from the wording
 * MTAs use to report it: Postfix "(in reply to RCPT TO command)", Exim "after RCPT TO:", Sendmail/Courier
 * "&gt;&gt;&gt; DATA &lt;&lt;&lt;", qmail "but my name was rejected". It matters because the same words mean different
 * things at different stages: "user unknown" in answer to RCPT TO is an unknown mailbox, after DATA it is a
 * recipient-side filter, and after MAIL FROM it is about the sender.
 */
enum SmtpCommand {
    CONNECT, HELO, MAIL, RCPT, DATA;

    private static final String[][] MARKERS = {
        {"in reply to rcpt to command", "RCPT"}, {"after rcpt to", "RCPT"}, {">>> rcpt to", "RCPT"},
        {"in reply to rcpt command", "RCPT"}, {"rcpt to command", "RCPT"}, {"for rcpt command", "RCPT"},
        {"did not like our rcpt to", "RCPT"}, {"rcpt to response", "RCPT"}, {"smtp:rcpt", "RCPT"},
        {"[rcpt_to]", "RCPT"}, {"does not like recipient", "RCPT"}, // qmail-remote after RCPT TO
        {"[mail_from]", "MAIL"}, {"[data]", "DATA"},                 // Yahoo's step tags, as its [RCPT_TO]
        // Gmail's older notices end the remote answer with the step of its SMTP client: "(state 14)" after
        // RCPT TO, 15/17/18 after DATA, 13 after EHLO, 6 after MAIL FROM (AUTH states are not mapped)
        {"(state 14)", "RCPT"}, {"(state 15)", "DATA"}, {"(state 17)", "DATA"}, {"(state 18)", "DATA"},
        {"(state 13)", "HELO"}, {"(state 6)", "MAIL"},
        // InterScan MSS logs the dialogue from its side: "Sent <<< RCPT TO:<...>" / "Received >>> 550 ..."
        {"sent <<< rcpt to", "RCPT"}, {"sent <<< data", "DATA"}, {"sent <<< mail from", "MAIL"},
        {"but sender was rejected", "MAIL"},                              // qmail-remote after MAIL FROM
        {"in reply to end of data command", "DATA"}, {"in reply to data command", "DATA"},
        {"after end of data", "DATA"}, {"after data", "DATA"}, {">>> data", "DATA"}, {"for text command", "DATA"},
        {"end of data command", "DATA"}, {"after message body", "DATA"},
        {"in reply to mail from command", "MAIL"}, {"after mail from", "MAIL"}, {">>> mail from", "MAIL"},
        {"mail from command", "MAIL"},
        // Exim (smtp transport) prefixes a command it sent in a PIPELINING batch (RFC 2920) with "pipelined ":
        // "SMTP error from remote mail server after pipelined RCPT TO:<...>", "... after pipelined sending data block"
        {"after pipelined rcpt to", "RCPT"}, {"after pipelined mail from", "MAIL"},
        {"after pipelined end of data", "DATA"}, {"after pipelined data", "DATA"},
        {"after pipelined sending data block", "DATA"}, {"after sending data block", "DATA"},
        {"but greeting failed", "CONNECT"},                              // qmail-remote after the greeting
        {"after ehlo", "HELO"}, {"after helo", "HELO"}, {"in reply to ehlo command", "HELO"},
        {"in reply to helo command", "HELO"}, {">>> ehlo", "HELO"}, {">>> helo", "HELO"},
        {"but my name was rejected", "HELO"},
        {"after initial connection", "CONNECT"}, {"refused to talk to me", "CONNECT"},
    };

    /** "need rcpt", then the markers in table order: the phrases {@link #find(String, boolean[])} is given */
    private static final java.util.List<String> PHRASES;
    private static final PhraseMatcher MATCHER;
    /** the command of each marker, resolved once (valueOf is a hash lookup by name) */
    private static final SmtpCommand[] COMMANDS = new SmtpCommand[MARKERS.length];

    static {
        for (int i = 0; i < MARKERS.length; i++) {
            COMMANDS[i] = valueOf(MARKERS[i][1]);
        }
        java.util.List<String> phrases = new java.util.ArrayList<>();
        phrases.add("need rcpt");
        for (String[] m : MARKERS) {
            phrases.add(m[0]);
        }
        PHRASES = java.util.List.copyOf(phrases);
        MATCHER = new PhraseMatcher(PHRASES);
    }

    /**
     * The phrases whose presence decides the command, so that a caller who scans the text anyway can look for them
     * in the same pass ({@link RuleBook}) and hand the result to {@link #find(String, boolean[])}.
     */
    static java.util.List<String> phrases() {
        return PHRASES;
    }

    /** The per-recipient extension field in which the parser reports the command it found (docs/parsing.md). */
    static final String FIELD = "X-Mx20-Smtp-Command";

    /** The command the parser reported in {@link #FIELD} ({@code CONN, HELO, MAIL, RCPT, DATA}), or {@code null}. */
    static SmtpCommand fromField(java.util.List<dev.mx20.dsn.model.Field> fields) {
        if (fields == null) {
            return null;
        }
        for (dev.mx20.dsn.model.Field f : fields) {
            if (FIELD.equalsIgnoreCase(f.name()) && f.value() != null) {
                switch (f.value().trim().toUpperCase(java.util.Locale.ROOT)) {
                    case "CONN":
                        return CONNECT;
                    case "HELO":
                    case "EHLO":
                        return HELO;
                    case "MAIL":
                        return MAIL;
                    case "RCPT":
                        return RCPT;
                    case "DATA":
                        return DATA;
                    default:
                        return null;
                }
            }
        }
        return null;
    }

    /**
     * Exchange files a remote server's refusal of a recipient as "unknown recipient or mailbox unavailable" and
     * quotes the answer after "-&gt;"; when that answer names the address, it was the answer to RCPT TO.
     */
    private static final String EXCHANGE_RECIPIENT_REFUSED = "unknown recipient or mailbox unavailable ->";

    /** The command named in the normalised text, or {@code null} when the text does not say. */
    static SmtpCommand find(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        boolean[] found = new boolean[MATCHER.phraseCount()];
        MATCHER.scan(text, found, new int[MATCHER.phraseCount()]);
        return find(text, found);
    }

    /**
     * The same as {@link #find(String)}, with the text already scanned for {@link #phrases()}.
     *
     * @param found for each of {@link #phrases()}, whether the text contains it
     */
    static SmtpCommand find(String text, boolean[] found) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int exchange = text.indexOf(EXCHANGE_RECIPIENT_REFUSED);
        if (exchange >= 0 && text.indexOf('@', exchange) > 0) {
            return RCPT;
        }
        return fromPhrases(found);
    }

    private static SmtpCommand fromPhrases(boolean[] found) {
        // Sendmail transcripts go on to ">>> DATA" / "503 need RCPT" after the RCPT TO that failed
        if (found[0]) {
            return RCPT;
        }
        for (int i = 0; i < MARKERS.length; i++) {
            if (found[i + 1]) {
                return COMMANDS[i];
            }
        }
        return null;
    }
}
