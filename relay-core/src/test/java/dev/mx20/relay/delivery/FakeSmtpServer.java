package dev.mx20.relay.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A scripted SMTP server for delivery tests: listens on one loopback address, records every command line and
 * every message body it receives, and answers from a script (a function from command line to reply text).
 * By default it behaves like a well-mannered ESMTP server; tests replace single answers with {@link #on}.
 */
final class FakeSmtpServer implements AutoCloseable {
    /** What the server does for a command: a reply (may be multi-line with CRLF), or {@link #SILENT}. */
    static final String SILENT = "\u0000silent";

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-smtp");
        t.setDaemon(true);
        return t;
    });
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<InetAddress> peers = Collections.synchronizedList(new ArrayList<>());
    private volatile String greeting = "220 fake.example ESMTP";
    private volatile String ehlo = "250-fake.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n"
            + "250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n250 SMTPUTF8";
    private volatile Function<String, String> script = c -> null;
    private volatile String endOfData = "250 2.0.0 Ok: queued as FAKE1";
    private volatile int connections;
    private volatile javax.net.ssl.SSLContext tls;
    private volatile boolean breakTls;
    private final List<String> tlsSessions = Collections.synchronizedList(new ArrayList<>());

    private FakeSmtpServer(InetAddress bind, int port) throws IOException {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(bind, port), 50);
        threads.execute(this::acceptLoop);
    }

    /** A server on an ephemeral port of {@code bind}. */
    static FakeSmtpServer start(String bind) throws IOException {
        return new FakeSmtpServer(InetAddress.getByName(bind), 0);
    }

    /** A server on a given port (to put a v4 and a v6 server on the same port). */
    static FakeSmtpServer start(String bind, int port) throws IOException {
        return new FakeSmtpServer(InetAddress.getByName(bind), port);
    }

    int port() {
        return socket.getLocalPort();
    }

    FakeSmtpServer greeting(String g) {
        greeting = g;
        return this;
    }

    FakeSmtpServer ehlo(String reply) {
        ehlo = reply;
        return this;
    }

    FakeSmtpServer endOfData(String reply) {
        endOfData = reply;
        return this;
    }

    /** Overrides answers: the function gets the command line and returns a reply, or null for the default. */
    FakeSmtpServer on(Function<String, String> s) {
        script = s;
        return this;
    }

    /** Offers STARTTLS with this server context. */
    FakeSmtpServer tls(javax.net.ssl.SSLContext ctx) {
        tls = ctx;
        return this;
    }

    /** Answers STARTTLS with 220, then sends garbage instead of a TLS handshake. */
    FakeSmtpServer breakTls() {
        breakTls = true;
        return this;
    }

    /** The TLS protocol of every session that completed a handshake. */
    List<String> tlsSessions() {
        synchronized (tlsSessions) {
            return List.copyOf(tlsSessions);
        }
    }

    List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    List<byte[]> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    /** The source address of every connection, in order. */
    List<InetAddress> peers() {
        synchronized (peers) {
            return List.copyOf(peers);
        }
    }

    int connections() {
        return connections;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections++;
                peers.add(s.getInetAddress());
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            if (!reply(out, greeting)) {
                return;
            }
            String line;
            Socket current = s;
            boolean secured = false;
            while ((line = readLine(in)) != null) {
                commands.add(line);
                String custom = script.apply(line);
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                boolean offerTls = (tls != null || breakTls) && !secured;
                if (verb.equals("STARTTLS") && offerTls && custom == null) {
                    reply(out, "220 2.0.0 Ready to start TLS");
                    if (breakTls) {
                        out.write("this is not a TLS server hello\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    }
                    javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                            .createSocket(current, null, current.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    tlsSessions.add(ssl.getSession().getProtocol());
                    current = ssl;
                    in = new BufferedInputStream(ssl.getInputStream());
                    out = ssl.getOutputStream();
                    secured = true;
                    continue;
                }
                String answer = custom != null ? custom : switch (verb) {
                    case "EHLO" -> offerTls ? ehlo.replaceFirst("\r\n250 ", "\r\n250-STARTTLS\r\n250 ") : ehlo;
                    case "HELO" -> "250 fake.example";
                    case "MAIL", "RCPT", "RSET", "NOOP" -> "250 2.1.0 Ok";
                    case "DATA" -> "354 End data with <CR><LF>.<CR><LF>";
                    case "QUIT" -> "221 2.0.0 Bye";
                    default -> "502 5.5.2 Error: command not recognized";
                };
                if (!reply(out, answer)) {
                    return;
                }
                if (verb.equals("QUIT") || answer.startsWith("421")) {
                    return;
                }
                if (verb.equals("DATA") && answer.startsWith("354")) {
                    bodies.add(readData(in));
                    commands.add("<end of data>");
                    String done = script.apply("<end of data>");
                    if (!reply(out, done != null ? done : endOfData)) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    /** Writes a reply; {@link #SILENT} writes nothing and makes the server hang (for timeout tests). */
    private static boolean reply(OutputStream out, String text) throws IOException {
        if (text.equals(SILENT)) {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return true;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return null;
    }

    /** Reads DATA up to CRLF.CRLF and returns it exactly as sent (still dot-stuffed). */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        long tail = 0; // the last five octets, for spotting CRLF.CRLF without copying the buffer
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            tail = ((tail << 8) | c) & 0xFF_FFFF_FFFFL;
            if (b.size() == 3 && (tail & 0xFF_FFFF) == 0x2E0D0AL) {
                return new byte[0];
            }
            if (b.size() >= 5 && tail == 0x0D_0A2E_0D0AL) {
                return java.util.Arrays.copyOf(b.toByteArray(), b.size() - 3);
            }
        }
        throw new IOException("connection closed inside DATA");
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
