package dev.mx20.rest.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relay's next hop in tests: a loopback SMTP server that greets every connection with {@code 421} (RFC 5321
 * §3.8: service not available, try later) and hangs up. The relay must defer, keep the message queued, and record
 * the reply as the last error. Bound to port 0 on 127.0.0.1 and kept open, so no other process can take its port.
 */
final class RefusingSmtpPeer implements AutoCloseable {
    static final String GREETING = "421 4.3.2 peer.test.invalid test peer refuses service, try later";

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    RefusingSmtpPeer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::serve, "refusing-smtp-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                OutputStream out = s.getOutputStream();
                out.write((GREETING + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // a client that vanished mid-greeting: keep serving the next one
            }
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return how many connections were greeted so far */
    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
