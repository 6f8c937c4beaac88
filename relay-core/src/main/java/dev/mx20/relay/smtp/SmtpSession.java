package dev.mx20.relay.smtp;

import dev.mx20.relay.config.BareNewlinePolicy;
import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.policy.MailPath;
import dev.mx20.relay.policy.PolicyDecision;
import dev.mx20.relay.policy.RelayPolicy;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One inbound SMTP conversation (RFC 5321 with the ESMTP extensions the relay announces): a plain state machine
 * over a blocking socket, one thread per session. Replies carry RFC 3463 enhanced status codes (RFC 2034).
 */
final class SmtpSession implements Runnable {
    private static final Logger LOG = Logger.getLogger(SmtpSession.class.getName());
    /** Like Postfix {@code smtpd_hard_error_limit}: a client this confused is disconnected. */
    static final int HARD_ERROR_LIMIT = 20;
    private static final int MAX_ENVID = 100; // RFC 3461 §4.4
    private static final int MAX_ORCPT = 500; // RFC 3461 §4.2: ORCPT may be long (encoded addresses)

    private Socket socket; // replaced by the TLS socket after STARTTLS
    private final SSLSocketFactory tls;
    private boolean secured;
    private final RelayConfig config;
    private final String hostname;
    private final RelayPolicy policy;
    private final Spool spool;
    private final MessageSink sink;
    private final Clock clock;
    private final InetAddress client;
    private final boolean trusted;
    private SmtpInput in;
    private OutputStream out;

    private String helo;
    private boolean esmtp;
    private String sender; // null: no transaction
    private final List<OutboundRecipient> recipients = new ArrayList<>();
    private String envId;
    private OutboundMessage.Ret ret;
    private boolean eightBit;
    /** The transaction declared SMTPUTF8 (RFC 6531): UTF-8 addresses are allowed and the flag goes to the spool. */
    private boolean smtpUtf8;
    private int errors;

    SmtpSession(Socket socket, RelayConfig config, String hostname, RelayPolicy policy, Spool spool, MessageSink sink,
                Clock clock, SSLSocketFactory tls) {
        this.socket = socket;
        this.tls = tls;
        this.config = config;
        this.hostname = hostname;
        this.policy = policy;
        this.spool = spool;
        this.sink = sink;
        this.clock = clock;
        this.client = socket.getInetAddress();
        this.trusted = policy.isTrusted(client);
    }

    @Override
    public void run() {
        String who = "[" + client.getHostAddress() + "]";
        try {
            serve(who);
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "close failed " + who, e);
            }
        }
    }

    /** Runs the conversation; the socket stays open until this returns, so the last reply reaches the client. */
    private void serve(String who) {
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.smtpdTimeout().toMillis()));
            socket.setTcpNoDelay(true);
            in = new SmtpInput(socket.getInputStream(), config.smtpdForbidBareNewline());
            out = new BufferedOutputStream(socket.getOutputStream(), 4096);
            if (config.smtpdForbidUnauthPipelining() && in.hasPendingInput()) {
                // Talking before the greeting (RFC 5321 §4.3.1): spambots and smuggling probes do.
                reply("554 5.5.0 Error: SMTP protocol synchronization");
                return;
            }
            reply("220 " + hostname + " ESMTP mx20 relay");
            converse();
        } catch (SmtpInput.BareNewlineException e) {
            quietly("521 5.5.2 " + hostname + " Error: bare <LF> received");
            LOG.info(() -> "disconnect " + who + ": bare <LF> received");
        } catch (SocketTimeoutException e) {
            quietly("421 4.4.2 " + hostname + " Error: timeout exceeded");
            LOG.info(() -> "timeout " + who);
        } catch (SmtpInput.ClientGoneException e) {
            LOG.fine(() -> "lost connection " + who);
        } catch (IOException e) {
            LOG.log(Level.FINE, "connection error " + who, e);
        }
    }

    private void converse() throws IOException {
        while (true) {
            SmtpInput.CommandLine line = in.readCommand();
            if (line.tooLong()) {
                if (error("500 5.5.2 Error: line too long")) {
                    return;
                }
                continue;
            }
            String text = line.text();
            int sp = text.indexOf(' ');
            String verb = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
            String arg = sp < 0 ? "" : text.substring(sp + 1);
            if (config.smtpdForbidUnauthPipelining() && pipeliningViolation(verb) && in.hasPendingInput()) {
                // RFC 2920 §3.1: these commands end a group, and without EHLO there is no pipelining at all.
                reply("554 5.5.0 Error: SMTP protocol synchronization");
                LOG.info(() -> "improper command pipelining after " + verb + " from [" + client.getHostAddress() + "]");
                return;
            }
            boolean keepGoing = switch (verb) {
                case "EHLO" -> hello(arg, true);
                case "HELO" -> hello(arg, false);
                case "MAIL" -> mail(arg);
                case "RCPT" -> rcpt(arg);
                case "DATA" -> data(arg);
                case "RSET" -> {
                    resetTransaction();
                    reply("250 2.0.0 Ok");
                    yield true;
                }
                case "NOOP" -> {
                    reply("250 2.0.0 Ok");
                    yield true;
                }
                case "VRFY" -> {
                    // RFC 5321 §3.5.3: 252 is the answer of a server that will not tell.
                    reply("252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
                    yield true;
                }
                case "STARTTLS" -> startTls(arg);
                case "QUIT" -> {
                    reply("221 2.0.0 Bye");
                    yield false;
                }
                case "" -> !error("500 5.5.2 Error: bad syntax");
                default -> !error("502 5.5.2 Error: command not recognized");
            };
            if (!keepGoing) {
                return;
            }
        }
    }

    private boolean pipeliningViolation(String verb) {
        if (!esmtp) {
            return !verb.equals("QUIT"); // no EHLO, no PIPELINING (RFC 2920 §3)
        }
        return switch (verb) {
            case "EHLO", "HELO", "DATA", "VRFY", "EXPN", "NOOP", "STARTTLS" -> true;
            default -> false;
        };
    }

    private boolean hello(String arg, boolean extended) throws IOException {
        String name = arg.strip();
        if (name.isEmpty() || name.contains(" ")) {
            return !error("501 5.5.4 Syntax: " + (extended ? "EHLO" : "HELO") + " hostname");
        }
        helo = name;
        esmtp = extended;
        resetTransaction();
        if (!extended) {
            reply("250 " + hostname);
            return true;
        }
        List<String> lines = new ArrayList<>();
        lines.add(hostname);
        lines.add("PIPELINING");
        lines.add(config.messageSizeLimit() > 0 ? "SIZE " + config.messageSizeLimit() : "SIZE");
        lines.add("8BITMIME");
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("DSN");
        lines.add("SMTPUTF8"); // RFC 6531; the relay passes it on, or fails with 5.6.7 where the next hop lacks it
        if (tls != null && !secured) {
            lines.add("STARTTLS");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
        }
        write(sb.toString());
        return true;
    }

    /**
     * RFC 3207. Input the client sent after STARTTLS but before the handshake was already refused as pipelining
     * (the STARTTLS command-injection attack, CVE-2011-0411); after the handshake the session starts over (§4.2).
     */
    private boolean startTls(String arg) throws IOException {
        if (tls == null) {
            return !error("502 5.5.1 Error: command not implemented");
        }
        if (secured) {
            return !error("503 5.5.1 Error: TLS already active");
        }
        if (!arg.isEmpty()) {
            return !error("501 5.5.4 Syntax: STARTTLS");
        }
        reply("220 2.0.0 Ready to start TLS");
        SSLSocket s = (SSLSocket) tls.createSocket(socket, null, true);
        s.setUseClientMode(false);
        s.startHandshake();
        socket = s;
        in = new SmtpInput(s.getInputStream(), config.smtpdForbidBareNewline());
        out = new BufferedOutputStream(s.getOutputStream(), 4096);
        secured = true;
        helo = null;
        esmtp = false;
        resetTransaction();
        LOG.fine(() -> "TLS " + s.getSession().getProtocol() + " " + s.getSession().getCipherSuite() + " with ["
                + client.getHostAddress() + "]");
        return true;
    }

    private boolean mail(String arg) throws IOException {
        if (helo == null) {
            return !error("503 5.5.1 Error: send HELO/EHLO first");
        }
        if (sender != null) {
            return !error("503 5.5.1 Error: nested MAIL command");
        }
        if (!arg.regionMatches(true, 0, "FROM:", 0, 5)) {
            return !error("501 5.5.4 Syntax: MAIL FROM:<address>");
        }
        Optional<Map.Entry<String, Map<String, String>>> split = EsmtpParameters.split(arg.substring(5));
        if (split.isEmpty()) {
            return !error("501 5.5.4 Syntax: MAIL FROM:<address>");
        }
        String path = split.get().getKey();
        Map<String, String> params = split.get().getValue();
        boolean utf8 = esmtp && params.containsKey("SMTPUTF8");
        String from;
        if (path.equals("<>")) {
            from = "";
        } else {
            if (!utf8 && !isAscii(path)) {
                return !error(MUST_DECLARE_SMTPUTF8);
            }
            Optional<MailPath> p = MailPath.parse(path, utf8);
            if (p.isEmpty()) {
                return !error("501 5.1.7 Bad sender address syntax");
            }
            from = p.get().address();
        }
        if (!params.isEmpty() && !esmtp) {
            return !error("555 5.5.4 Parameters require EHLO");
        }
        String newEnvId = null;
        OutboundMessage.Ret newRet = null;
        boolean newEightBit = false;
        for (Map.Entry<String, String> e : params.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "SIZE" -> {
                    // RFC 1870 §6: refuse early when the declared size is over the limit.
                    if (v == null || !v.matches("\\d{1,18}")) {
                        return !error("501 5.5.4 Bad SIZE parameter");
                    }
                    if (config.messageSizeLimit() > 0 && Long.parseLong(v) > config.messageSizeLimit()) {
                        reply("552 5.3.4 Message size exceeds fixed limit");
                        return true;
                    }
                }
                case "BODY" -> {
                    if ("8BITMIME".equalsIgnoreCase(v)) {
                        newEightBit = true;
                    } else if (!"7BIT".equalsIgnoreCase(v)) {
                        return !error("501 5.5.4 Bad BODY parameter");
                    }
                }
                case "RET" -> {
                    if ("FULL".equalsIgnoreCase(v)) {
                        newRet = OutboundMessage.Ret.FULL;
                    } else if ("HDRS".equalsIgnoreCase(v)) {
                        newRet = OutboundMessage.Ret.HDRS;
                    } else {
                        return !error("501 5.5.4 Bad RET parameter");
                    }
                }
                case "SMTPUTF8" -> {
                    if (v != null) { // RFC 6531 §3.4: a keyword without a value
                        return !error("501 5.5.4 Bad SMTPUTF8 parameter");
                    }
                }
                case "ENVID" -> {
                    if (v == null || v.isEmpty() || v.length() > MAX_ENVID || !EsmtpParameters.isXtext(v)) {
                        return !error("501 5.5.4 Bad ENVID parameter");
                    }
                    newEnvId = v;
                }
                default -> {
                    return !error("555 5.5.4 Unsupported option: " + e.getKey());
                }
            }
        }
        sender = from;
        envId = newEnvId;
        ret = newRet;
        eightBit = newEightBit;
        smtpUtf8 = utf8;
        reply("250 2.1.0 Ok");
        return true;
    }

    private boolean rcpt(String arg) throws IOException {
        if (sender == null) {
            return !error("503 5.5.1 Error: need MAIL command");
        }
        if (!arg.regionMatches(true, 0, "TO:", 0, 3)) {
            return !error("501 5.5.4 Syntax: RCPT TO:<address>");
        }
        Optional<Map.Entry<String, Map<String, String>>> split = EsmtpParameters.split(arg.substring(3));
        if (split.isEmpty()) {
            return !error("501 5.5.4 Syntax: RCPT TO:<address>");
        }
        String rawPath = split.get().getKey();
        if (!smtpUtf8 && !isAscii(rawPath)) {
            return !error(MUST_DECLARE_SMTPUTF8);
        }
        Optional<MailPath> path = rawPath.equalsIgnoreCase("<postmaster>") ? policy.barePostmaster()
                : MailPath.parse(rawPath, smtpUtf8);
        if (path.isEmpty()) {
            return !error("501 5.1.3 Bad recipient address syntax");
        }
        Map<String, String> params = split.get().getValue();
        if (!params.isEmpty() && !esmtp) {
            return !error("555 5.5.4 Parameters require EHLO");
        }
        String orcpt = null;
        Set<OutboundRecipient.Notify> notify = EnumSet.noneOf(OutboundRecipient.Notify.class);
        for (Map.Entry<String, String> e : params.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "NOTIFY" -> {
                    // RFC 3461 §4.1: NEVER, or a list of SUCCESS / FAILURE / DELAY.
                    if (v == null || v.isEmpty()) {
                        return !error("501 5.5.4 Bad NOTIFY parameter");
                    }
                    for (String k : v.toUpperCase(Locale.ROOT).split(",", -1)) {
                        try {
                            notify.add(OutboundRecipient.Notify.valueOf(k));
                        } catch (IllegalArgumentException ex) {
                            return !error("501 5.5.4 Bad NOTIFY parameter");
                        }
                    }
                    if (notify.contains(OutboundRecipient.Notify.NEVER) && notify.size() > 1) {
                        return !error("501 5.5.4 NOTIFY=NEVER cannot be combined");
                    }
                }
                case "ORCPT" -> {
                    // RFC 3461 §4.2: addr-type ";" xtext
                    int semi = v == null ? -1 : v.indexOf(';');
                    if (semi <= 0 || v.length() > MAX_ORCPT || !v.substring(0, semi).matches("[A-Za-z0-9-]+")
                            || !EsmtpParameters.isXtext(v.substring(semi + 1))) {
                        return !error("501 5.5.4 Bad ORCPT parameter");
                    }
                    orcpt = v;
                }
                default -> {
                    return !error("555 5.5.4 Unsupported option: " + e.getKey());
                }
            }
        }
        if (recipients.size() >= config.smtpdRecipientLimit()) {
            // RFC 5321 §4.5.3.1.10: 452 (not 5xx) so the client sends the rest in another transaction.
            reply("452 4.5.3 Error: too many recipients");
            return true;
        }
        PolicyDecision d = policy.checkRecipient(path.get(), trusted);
        if (!d.accepted()) {
            LOG.info(() -> "reject RCPT from [" + client.getHostAddress() + "]: " + d.reply() + "; from=<" + sender + ">");
            reply(d.reply());
            return !countError();
        }
        recipients.add(new OutboundRecipient(path.get().address(), orcpt, notify));
        reply(d.reply());
        return true;
    }

    private boolean data(String arg) throws IOException {
        if (!arg.isEmpty()) {
            return !error("501 5.5.4 Syntax: DATA");
        }
        if (sender == null) {
            return !error("503 5.5.1 Error: need MAIL command");
        }
        if (recipients.isEmpty()) {
            // RFC 2920 §3.1: with pipelining, DATA arrives even when every RCPT failed.
            return !error("554 5.5.1 Error: no valid recipients");
        }
        reply("354 End data with <CR><LF>.<CR><LF>");
        Spool.Incoming msg = spool.create();
        SpooledMessage stored = null;
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.smtpdDataTimeout().toMillis()));
            OutputStream content = msg.content();
            // RFC 6532 §3.2: in an SMTPUTF8 message header fields may be UTF-8 (the "for <address>" clause).
            content.write(receivedHeader(msg.queueId()).getBytes(smtpUtf8 ? StandardCharsets.UTF_8
                    : StandardCharsets.US_ASCII));
            SmtpInput.DataEnd end = in.readData(content, config.messageSizeLimit());
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.smtpdTimeout().toMillis()));
            if (end == SmtpInput.DataEnd.TOO_BIG) {
                msg.abort();
                reply("552 5.3.4 Error: message file too big");
            } else {
                try {
                    stored = msg.commit(sender, recipients, envId, ret, eightBit, smtpUtf8);
                } catch (IOException e) {
                    LOG.log(Level.SEVERE, "cannot store message from [" + client.getHostAddress() + "]", e);
                    reply("451 4.3.0 Error: queue file write error");
                }
            }
        } finally {
            if (stored == null) {
                msg.abort();
            }
        }
        if (stored != null) {
            SpooledMessage m = stored;
            LOG.info(() -> m.queueId() + ": client=[" + client.getHostAddress() + "], from=<" + m.sender()
                    + ">, nrcpt=" + m.recipients().size() + ", size=" + sizeOf(m));
            try {
                sink.accepted(m);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, m.queueId() + ": queue not notified; the spool scan will pick it up", e);
            }
            reply("250 2.0.0 Ok: queued as " + m.queueId());
        }
        resetTransaction();
        return true;
    }

    private static long sizeOf(SpooledMessage m) {
        try {
            return java.nio.file.Files.size(m.content());
        } catch (IOException e) {
            return -1;
        }
    }

    /** RFC 5321 §4.4: every relay adds a Received trace field. */
    private String receivedHeader(String queueId) {
        String date = ZonedDateTime.now(clock).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        // RFC 3848; RFC 6531 §3.7.3 for SMTPUTF8 transactions (UTF8SMTP, UTF8SMTPS).
        String with = (smtpUtf8 ? "UTF8SMTP" : esmtp ? "ESMTP" : "SMTP") + (secured ? "S" : "");
        String forClause = recipients.size() == 1 ? "\r\n\tfor <" + recipients.get(0).address() + ">" : "";
        return "Received: from " + sanitize(helo) + " ([" + client.getHostAddress() + "])\r\n\tby " + hostname
                + " (mx20) with " + with + " id " + queueId + forClause + ";\r\n\t" + date + "\r\n";
    }

    /** Postfix's reply to a non-ASCII address in a transaction without SMTPUTF8 (RFC 6531 §3.5: 553 5.6.7). */
    private static final String MUST_DECLARE_SMTPUTF8 = "553 5.6.7 Must declare SMTPUTF8 to send unicode address";

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    private static String sanitize(String s) {
        return s.replaceAll("[^A-Za-z0-9.\\-\\[\\]:_]", "?");
    }

    private void resetTransaction() {
        sender = null;
        recipients.clear();
        envId = null;
        ret = null;
        eightBit = false;
        smtpUtf8 = false;
    }

    /** Sends an error reply; @return whether the client has now made too many errors and was disconnected */
    private boolean error(String reply) throws IOException {
        reply(reply);
        return countError();
    }

    private boolean countError() throws IOException {
        if (++errors >= HARD_ERROR_LIMIT) {
            reply("421 4.7.0 " + hostname + " Error: too many errors");
            return true;
        }
        return false;
    }

    private void reply(String line) throws IOException {
        write(line + "\r\n");
    }

    private void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void quietly(String line) {
        try {
            if (out != null) {
                reply(line);
            }
        } catch (IOException ignored) {
            // the client is gone anyway
        }
    }
}
