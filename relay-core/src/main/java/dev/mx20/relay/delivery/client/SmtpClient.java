package dev.mx20.relay.delivery.client;

import dev.mx20.relay.delivery.DeliverySettings;
import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.TlsLevel;
import dev.mx20.relay.delivery.route.Target;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One mail transaction per call on one address: connect, greet, optionally STARTTLS, the transaction for the
 * given recipients, QUIT. With a {@link ConnectionCache} the session is kept open after a completed transaction
 * instead of QUIT, and the next call for the same address continues it with the next MAIL FROM (RFC 5321 §3.3);
 * a cached session that turns out dead (broken, or 421 before the first reply) is dropped and the call starts a
 * fresh one, so reuse never turns into a deferral. Never throws for a delivery problem: every recipient gets a
 * {@link RcptResult}. Thread-safe (no per-call state in fields).
 */
public final class SmtpClient {
    /** Closes sockets whose writes stall: Java has no write timeout (RFC 5321 §4.5.3.2.5 wants one). */
    private static final ScheduledExecutorService WATCHDOG = watchdog();
    private static final int CHUNK = 64 * 1024;

    private final DeliverySettings settings;
    private final ConnectionCache cache;

    /** A client that opens a new session for every call. */
    public SmtpClient(DeliverySettings settings) {
        this(settings, null);
    }

    /** A client that reuses sessions through this cache ({@code null}: none). */
    public SmtpClient(DeliverySettings settings, ConnectionCache cache) {
        this.settings = settings;
        this.cache = cache;
    }

    /**
     * Runs one session.
     *
     * @param target     the address to connect to
     * @param message    the message (envelope parameters and content file)
     * @param recipients the recipients to deliver in this session (a subset of the message's)
     * @param useTls     whether STARTTLS may be used (false on the plaintext retry after a failed handshake)
     */
    public AttemptResult attempt(Target target, OutboundMessage message, List<OutboundRecipient> recipients,
                                 boolean useTls) {
        boolean tls = useTls && settings.tls() != TlsLevel.NONE;
        ConnectionCache.Key key = ConnectionCache.Key.of(target, tls);
        ConnectionCache.Idle idle = cache == null ? null : cache.take(key);
        if (idle != null) {
            try {
                return run(new Session(target, message, recipients, tls, key, idle));
            } catch (StaleSession e) {
                // The server had closed or abandoned the cached session before our MAIL: nothing was sent that
                // counts. Start over on a new connection.
            }
        }
        try {
            return run(new Session(target, message, recipients, tls, key, null));
        } catch (StaleSession e) {
            throw new IllegalStateException("a new session cannot be stale", e);
        }
    }

    private AttemptResult run(Session s) throws StaleSession {
        try {
            s.run();
        } catch (StaleSession e) {
            throw e;
        } catch (SocketTimeoutException e) {
            s.failPending("4.4.2", "conversation with " + s.target + " timed out while " + s.phase);
        } catch (IOException e) {
            s.failPending("4.4.2", "lost connection with " + s.target + " while " + s.phase + ": " + e.getMessage());
        } finally {
            s.close();
        }
        return new AttemptResult(s.greeted, s.tlsFailed, Arrays.asList(s.results));
    }

    /** A cached session failed before its first reply: the caller starts a new one. */
    private static final class StaleSession extends IOException {
        StaleSession(String why) {
            super(why);
        }
    }

    /** The state of one session; package-private fields keep the flow readable. */
    private final class Session {
        final Target target;
        final OutboundMessage message;
        final List<OutboundRecipient> recipients;
        final boolean tls;
        final ConnectionCache.Key key;
        final ConnectionCache.Idle reused;
        final RcptResult[] results;
        Socket socket;
        InputStream in;
        OutputStream out;
        ReplyReader reader;
        Extensions extensions;
        long openedNanos;
        int transactions;
        boolean greeted;
        boolean tlsFailed;
        String phase = "connecting";
        /** The message converted to 7 bits for a server without 8BITMIME, or null to send the spool file. */
        byte[] sevenBit;

        Session(Target target, OutboundMessage message, List<OutboundRecipient> recipients, boolean tls,
                ConnectionCache.Key key, ConnectionCache.Idle reused) {
            this.target = target;
            this.message = message;
            this.recipients = recipients;
            this.tls = tls;
            this.key = key;
            this.reused = reused;
            this.results = new RcptResult[recipients.size()];
        }

        void run() throws IOException {
            Extensions ext;
            if (reused != null) {
                socket = reused.socket;
                in = reused.in;
                out = reused.out;
                reader = reused.reader;
                ext = reused.extensions;
                openedNanos = reused.openedNanos;
                transactions = reused.transactions;
                greeted = true;
                phase = "continuing a cached session";
            } else {
                ext = open();
                if (ext == null) {
                    return;
                }
            }
            extensions = ext;
            deliver(ext);
        }

        /** Connect, greeting, EHLO, STARTTLS. @return the extensions, or {@code null} when the session ended */
        Extensions open() throws IOException {
            openedNanos = System.nanoTime();
            if (!connect()) {
                return null;
            }
            phase = "receiving the initial server greeting";
            SmtpReply greeting = read(settings.timeouts().helo());
            greeted = true;
            if (!greeting.positive()) {
                // RFC 5321 §3.1: 554 greeting = no service here. Postfix's smtp_skip_5xx_greeting treats it as
                // "try the next server"; a 4xx greeting always means that.
                boolean permanent = greeting.permanentNegative() && !settings.skip5xxGreeting();
                failAll(permanent ? RcptResult.fromReply(greeting, "initial greeting")
                        : soften(greeting, "initial greeting"));
                quit();
                return null;
            }
            Extensions ext = ehlo();
            if (ext == null) {
                return null;
            }
            if (tls) {
                ext = startTls(ext);
                if (ext == null) {
                    return null;
                }
            } else if (settings.tls() == TlsLevel.VERIFY) {
                failAll(RcptResult.local("4.7.4", "TLS is required, but was not used with " + target, "STARTTLS"));
                quit();
                return null;
            }
            return ext;
        }

        /** Local checks against what the server announced, then the mail transaction. */
        void deliver(Extensions ext) throws IOException {
            long size;
            try {
                size = Files.size(message.content());
            } catch (IOException e) {
                failAll(RcptResult.local("4.3.0", "cannot read the queued message " + message.content() + ": " + e,
                        "MAIL FROM"));
                quit();
                return;
            }
            if (ext.sizeLimit() > 0 && size > ext.sizeLimit()) {
                failAll(RcptResult.local("5.3.4", "message size " + size + " exceeds size limit "
                        + ext.sizeLimit() + " of server " + target, "MAIL FROM"));
                quit();
                return;
            }
            if (needsUtf8() && !ext.has("SMTPUTF8")) {
                // RFC 6531 §3.2: without the extension the server cannot take these addresses (Postfix: 5.6.7).
                failAll(RcptResult.local("5.6.7", "SMTPUTF8 is required, but was not offered by host " + target,
                        "MAIL FROM"));
                quit();
                return;
            }
            if (message.eightBit() && (!ext.has("8BITMIME") || isGlobalNotification() && !ext.has("SMTPUTF8"))) {
                // RFC 6152 §3: no 8-bit data to a server that does not offer 8BITMIME; convert (RFC 1652 §3), as
                // Postfix does, rather than bounce mail any reader could have read. And RFC 6533 §4: a notification
                // about SMTPUTF8 mail (message/global-delivery-status, message/global[-headers] parts) going to a
                // server without SMTPUTF8 has those parts in a 7-bit encoding even where 8BITMIME is offered.
                try (InputStream content = Files.newInputStream(message.content())) {
                    sevenBit = SevenBitDowngrade.convert(content);
                    size = sevenBit.length;
                } catch (IOException e) {
                    failAll(RcptResult.local("5.6.3", "cannot convert 8-bit content to 7 bits for host " + target
                            + " (no 8BITMIME): " + e.getMessage(), "MAIL FROM"));
                    quit();
                    return;
                }
            }
            transaction(ext, size);
        }

        boolean connect() {
            Socket sock = new Socket();
            try {
                var bind = target.ipv6() ? settings.bindAddress6() : settings.bindAddress();
                if (bind != null) {
                    sock.bind(new InetSocketAddress(bind, 0));
                }
                sock.connect(new InetSocketAddress(target.address(), target.port()),
                        (int) settings.timeouts().connect().toMillis());
                sock.setTcpNoDelay(true);
                socket = sock;
                in = new BufferedInputStream(sock.getInputStream());
                out = sock.getOutputStream();
                reader = new ReplyReader(in);
                return true;
            } catch (IOException e) {
                closeQuietly(sock);
                String why = e instanceof SocketTimeoutException ? "Connection timed out" : e.getMessage();
                failAll(RcptResult.local("4.4.1", "connect to " + target + ": " + why, "connect"));
                return false;
            }
        }

        /** EHLO, falling back to HELO when EHLO is refused (RFC 5321 §3.2). {@code null} when the session ended. */
        Extensions ehlo() throws IOException {
            phase = "sending EHLO";
            send("EHLO " + settings.heloName());
            phase = "receiving the EHLO reply";
            SmtpReply r = read(settings.timeouts().helo());
            if (r.positive()) {
                return Extensions.parse(r);
            }
            if (r.permanentNegative()) {
                phase = "sending HELO";
                send("HELO " + settings.heloName());
                phase = "receiving the HELO reply";
                SmtpReply h = read(settings.timeouts().helo());
                if (h.positive()) {
                    return Extensions.NONE;
                }
                r = h;
            }
            failAll(soften(r, "EHLO/HELO"));
            quit();
            return null;
        }

        Extensions startTls(Extensions ext) throws IOException {
            if (!ext.has("STARTTLS")) {
                if (settings.tls() == TlsLevel.VERIFY) {
                    failAll(RcptResult.local("4.7.4", "TLS is required, but was not offered by host " + target,
                            "EHLO"));
                    quit();
                    return null;
                }
                return ext;
            }
            phase = "sending STARTTLS";
            send("STARTTLS");
            phase = "receiving the STARTTLS reply";
            SmtpReply r = read(settings.timeouts().starttls());
            if (r.code() != 220) {
                if (settings.tls() == TlsLevel.VERIFY) {
                    failAll(soften(r, "STARTTLS"));
                    quit();
                    return null;
                }
                return ext; // opportunistic: carry on in plaintext
            }
            phase = "performing the TLS handshake";
            try {
                SSLSocket ssl = (SSLSocket) tlsContext().getSocketFactory()
                        .createSocket(socket, target.host(), target.port(), true);
                SSLParameters params = ssl.getSSLParameters();
                if (settings.tls() == TlsLevel.VERIFY) {
                    params.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 6125 host name check
                }
                ssl.setSSLParameters(params);
                ssl.setUseClientMode(true);
                ssl.setSoTimeout((int) settings.timeouts().starttls().toMillis());
                ssl.startHandshake();
                socket = ssl;
                in = new BufferedInputStream(ssl.getInputStream());
                out = ssl.getOutputStream();
                reader = new ReplyReader(in);
            } catch (IOException | GeneralSecurityException e) {
                tlsFailed = true;
                failAll(RcptResult.local("4.7.5", "TLS handshake with " + target + " failed: " + e.getMessage(),
                        "STARTTLS"));
                return null;
            }
            // RFC 3207 §4.2: forget everything learnt before TLS and ask again.
            return ehlo();
        }

        SSLContext tlsContext() throws GeneralSecurityException {
            if (settings.tls() == TlsLevel.VERIFY) {
                return SSLContext.getDefault();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AcceptAnyCertificate()}, new SecureRandom());
            return ctx;
        }

        void transaction(Extensions ext, long size) throws IOException {
            boolean dsn = ext.has("DSN");
            StringBuilder mail = new StringBuilder("MAIL FROM:<").append(message.sender()).append('>');
            if (ext.has("SIZE")) {
                mail.append(" SIZE=").append(size);
            }
            if (message.eightBit() && sevenBit == null && ext.has("8BITMIME")) {
                mail.append(" BODY=8BITMIME");
            }
            if ((message.smtpUtf8() || needsUtf8()) && ext.has("SMTPUTF8")) {
                // RFC 6531 §3.4: what arrived with SMTPUTF8 leaves with it, where the next hop offers it.
                mail.append(" SMTPUTF8");
            }
            if (dsn && message.ret() != null) {
                mail.append(" RET=").append(message.ret().name());
            }
            if (dsn && message.envId() != null) {
                mail.append(" ENVID=").append(message.envId());
            }
            List<String> rcptCommands = new ArrayList<>();
            for (OutboundRecipient r : recipients) {
                StringBuilder rc = new StringBuilder("RCPT TO:<").append(r.address()).append('>');
                if (dsn && !r.notifyOn().isEmpty()) {
                    rc.append(" NOTIFY=").append(r.notifyOn().stream().sorted().map(Enum::name)
                            .collect(Collectors.joining(",")));
                }
                if (dsn && r.orcpt() != null) {
                    rc.append(" ORCPT=").append(r.orcpt());
                }
                rcptCommands.add(rc.toString());
            }
            boolean pipelining = ext.has("PIPELINING");
            SmtpReply mailReply;
            List<SmtpReply> rcptReplies = new ArrayList<>();
            if (pipelining) {
                // RFC 2920 §3.1: MAIL and RCPT may be sent as one group; replies come back in order.
                StringBuilder group = new StringBuilder(mail).append("\r\n");
                rcptCommands.forEach(c -> group.append(c).append("\r\n"));
                mailReply = firstExchange(group.toString(), "sending MAIL FROM and RCPT TO");
                if (!mailReply.positive()) {
                    // The RCPT replies (503s) no longer matter, and a server that said 421 may hang up before
                    // sending them: the MAIL reply is what decides, so keep it whatever happens next.
                    failAll(RcptResult.fromReply(mailReply, "MAIL FROM"));
                    return;
                }
                for (int i = 0; i < rcptCommands.size(); i++) {
                    phase = "receiving the RCPT TO reply";
                    rcptReplies.add(read(settings.timeouts().rcpt()));
                }
            } else {
                mailReply = firstExchange(mail + "\r\n", "sending MAIL FROM");
                if (mailReply.positive()) {
                    for (String c : rcptCommands) {
                        phase = "sending RCPT TO";
                        send(c);
                        phase = "receiving the RCPT TO reply";
                        rcptReplies.add(read(settings.timeouts().rcpt()));
                    }
                }
            }
            if (!mailReply.positive()) {
                failAll(RcptResult.fromReply(mailReply, "MAIL FROM"));
                quit();
                return;
            }
            List<Integer> accepted = new ArrayList<>();
            for (int i = 0; i < rcptReplies.size(); i++) {
                SmtpReply r = rcptReplies.get(i);
                if (r.positive()) {
                    accepted.add(i);
                } else if (r.code() == 552) {
                    // RFC 5321 §4.5.3.1.10: RFC 821 gave 552 for "too many recipients", where 452 is right, and
                    // "clients SHOULD treat a 552 code in this case as a temporary, rather than permanent,
                    // failure": retried (in a later transaction, like a 452), never bounced.
                    results[i] = soften(r, "RCPT TO");
                } else {
                    results[i] = RcptResult.fromReply(r, "RCPT TO");
                }
            }
            if (accepted.isEmpty()) {
                quit();
                return;
            }
            phase = "sending DATA";
            send("DATA");
            phase = "receiving the DATA reply";
            SmtpReply data = read(settings.timeouts().dataInit());
            if (data.code() != 354) {
                RcptResult r = data.permanentNegative() ? RcptResult.fromReply(data, "DATA")
                        : soften(data, "DATA");
                accepted.forEach(i -> results[i] = r);
                quit();
                return;
            }
            phase = "sending message body";
            sendBody(); // a spool file vanishing now breaks the session: no final dot, nothing delivered
            phase = "receiving the end of data reply";
            SmtpReply done = read(settings.timeouts().dataDone());
            RcptResult r = done.positive() || done.permanentNegative() ? RcptResult.fromReply(done, "end of DATA")
                    : soften(done, "end of DATA");
            accepted.forEach(i -> results[i] = r);
            if (cache != null && done.code() != 421) {
                // The transaction is complete and the server still talks to us: keep the session for the next
                // message to this address instead of QUIT (RFC 5321 §3.3).
                cache.release(key, new ConnectionCache.Idle(socket, in, out, reader, extensions, openedNanos,
                        transactions + 1));
                socket = null;
            } else {
                quit();
            }
        }

        /**
         * Sends the first command(s) of a transaction and reads the first reply. On a reused session a broken
         * connection or a 421 here means the server had given up on the idle session: {@link StaleSession}.
         */
        SmtpReply firstExchange(String commands, String sending) throws IOException {
            try {
                phase = sending;
                write(commands);
                phase = "receiving the MAIL FROM reply";
                SmtpReply r = read(settings.timeouts().mail());
                if (reused != null && r.code() == 421) {
                    throw new StaleSession("cached session answered " + r.code());
                }
                return r;
            } catch (StaleSession e) {
                throw e;
            } catch (IOException e) {
                if (reused != null) {
                    throw new StaleSession("cached session broken: " + e.getMessage());
                }
                throw e;
            }
        }

        /**
         * A notification (null reverse-path, RFC 3461 §6.2) flagged SMTPUTF8: an RFC 6533 global DSN or MDN, the
         * relay's own or one passing through.
         */
        boolean isGlobalNotification() {
            return message.hasNullSender() && message.smtpUtf8();
        }

        /**
         * Whether the next hop must offer SMTPUTF8 (RFC 6531 §3.2): a UTF-8 envelope address, or an SMTPUTF8 message
         * whose header section has UTF-8 in it. An SMTPUTF8 message that turned out all ASCII goes to any server,
         * as Postfix does ({@code smtputf8_autodetect_classes}).
         */
        boolean needsUtf8() {
            if (message.sender().chars().anyMatch(c -> c > 127)) {
                return true;
            }
            if (recipients.stream().anyMatch(r -> r.address().chars().anyMatch(c -> c > 127))) {
                return true;
            }
            return message.smtpUtf8() && headerHasEightBit();
        }

        private boolean headerHasEightBit() {
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(message.content()))) {
                int b;
                int prev = '\n';
                int prev2 = -1;
                while ((b = in.read()) >= 0) {
                    if (b >= 0x80) {
                        return true;
                    }
                    if (b == '\n' && prev == '\r' && prev2 == '\n') {
                        return false; // the empty line that ends the header section
                    }
                    prev2 = prev;
                    prev = b;
                }
                return false;
            } catch (IOException e) {
                return true; // cannot tell: the safe answer keeps UTF-8 away from a server that cannot take it
            }
        }

        /** Streams the content file with dot-stuffing (RFC 5321 §4.5.2), then CRLF.CRLF. */
        void sendBody() throws IOException {
            byte[] buf = new byte[CHUNK];
            byte[] stuffed = new byte[CHUNK * 2 + 8];
            boolean lineStart = true;
            byte last = '\n';
            byte beforeLast = '\r';
            try (InputStream file = sevenBit != null ? new java.io.ByteArrayInputStream(sevenBit)
                    : Files.newInputStream(message.content())) {
                int n;
                while ((n = file.read(buf)) > 0) {
                    int m = 0;
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (lineStart && b == '.') {
                            stuffed[m++] = '.';
                        }
                        stuffed[m++] = b;
                        lineStart = b == '\n';
                        beforeLast = last;
                        last = b;
                    }
                    writeWithDeadline(stuffed, m);
                }
            }
            // The spool stores CRLF line ends; if the last line lacks one, add it so the dot stands alone.
            byte[] end = last == '\n' && beforeLast == '\r' ? ".\r\n".getBytes(StandardCharsets.US_ASCII)
                    : "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
            writeWithDeadline(end, end.length);
            out.flush();
        }

        void writeWithDeadline(byte[] bytes, int len) throws IOException {
            Socket s = socket;
            ScheduledFuture<?> guard = WATCHDOG.schedule(() -> closeQuietly(s),
                    settings.timeouts().dataXfer().toMillis(), TimeUnit.MILLISECONDS);
            try {
                out.write(bytes, 0, len);
            } catch (IOException e) {
                if (guard.isDone()) {
                    throw new SocketTimeoutException("write stalled for " + settings.timeouts().dataXfer());
                }
                throw e;
            } finally {
                guard.cancel(false);
            }
        }

        void send(String command) throws IOException {
            write(command + "\r\n");
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        SmtpReply read(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            return reader.read();
        }

        void quit() {
            if (socket == null || socket.isClosed()) {
                return;
            }
            try {
                phase = "sending QUIT";
                send("QUIT");
                read(settings.timeouts().quit());
            } catch (IOException e) {
                // the transaction is over; how QUIT went does not change any result
            }
        }

        /** A negative reply that decides nothing about the recipient: try elsewhere (4xx semantics). */
        RcptResult soften(SmtpReply reply, String command) {
            String status = reply.status();
            if (status.startsWith("5")) {
                status = "4" + status.substring(1);
            }
            return new RcptResult(RcptResult.Disposition.RETRY, reply.code(), status, reply.text(), command);
        }

        void failAll(RcptResult r) {
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    results[i] = r;
                }
            }
        }

        void failPending(String status, String diagnostic) {
            failAll(RcptResult.local(status, diagnostic, phase));
        }

        void close() {
            failPending("4.4.2", "session with " + target + " ended unexpectedly while " + phase);
            closeQuietly(socket);
        }
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "smtp-write-watchdog");
            t.setDaemon(true);
            return t;
        });
        // Every write schedules a guard and cancels it when the write returns; without this, each cancelled
        // guard stays queued for smtp_data_xfer_timeout (180 s): ~100 bytes each, 100k+ at a few hundred msgs/s.
        w.setRemoveOnCancelPolicy(true);
        return w;
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }

    /**
     * Opportunistic TLS only: a certificate check on an MX name taken from unsigned DNS proves nothing, and
     * refusing would only make the relay fall back to plaintext (RFC 7435 §3). {@link TlsLevel#VERIFY} does not use
     * this.
     */
    private static final class AcceptAnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // we are the client
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // opportunistic: accept (see class comment)
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

}
