package dev.mx20.relay.tools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP port where nobody listens, and nobody can start to while the test runs: a socket bound to it (without
 * {@code SO_REUSEADDR}) and never connected nor listening. A connection to it is refused (RST), like a closed port;
 * unlike "open a server socket, note its port, close it", no other process can take the port in the meantime
 * and answer the test's connection.
 */
public final class ClosedPort implements AutoCloseable {
    private static final int ATTEMPTS = 50;
    private final List<Socket> held;
    private final int port;

    private ClosedPort(List<Socket> held, int port) {
        this.held = held;
        this.port = port;
    }

    /** Holds one port number on every given address (literal loopback addresses, e.g. "127.0.0.1", "::1"). */
    public static ClosedPort on(String... hosts) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Socket> held = new ArrayList<>();
            try {
                int port = 0;
                for (String host : hosts) {
                    Socket s = new Socket();
                    held.add(s);
                    s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
                    port = s.getLocalPort();
                }
                return new ClosedPort(held, port);
            } catch (IOException taken) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
        throw new IOException("no port free on all of " + List.of(hosts));
    }

    /** @return the port, refused on every address given */
    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        for (Socket s : held) {
            s.close();
        }
    }
}
