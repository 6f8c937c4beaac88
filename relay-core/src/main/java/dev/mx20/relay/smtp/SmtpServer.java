package dev.mx20.relay.smtp;

import dev.mx20.relay.config.ConfigException;
import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.policy.IpNetwork;
import dev.mx20.relay.policy.RelayPolicy;
import dev.mx20.relay.spool.Spool;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocketFactory;

/**
 * The inbound SMTP server: one listening socket per configured address ({@code inet_interfaces}), one thread per
 * session, at most {@code default_process_limit} sessions and {@code smtpd_client_connection_count_limit}
 * per client address (excess connections get {@code 421} and are closed, RFC 5321 §3.8).
 *
 * <p>Why not SubEthaSMTP: the relay's defences live in the byte stream (end of DATA only on CRLF.CRLF, bare LF
 * policy, input pending where RFC 2920 forbids it) and in RCPT-time ESMTP parameters (RFC 3461 NOTIFY/ORCPT);
 * owning this small server keeps each of those rules visible and tested instead of patched around a framework.
 */
public final class SmtpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SmtpServer.class.getName());

    private final RelayConfig config;
    private final RelayPolicy policy;
    private final Spool spool;
    private final MessageSink sink;
    private final Clock clock;
    private final String hostname;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor sessions;
    private final SSLSocketFactory tls;
    private volatile boolean stopping;

    /** Creates a server; nothing listens until {@link #start()}. */
    public SmtpServer(RelayConfig config, RelayPolicy policy, Spool spool, MessageSink sink, Clock clock) {
        this.config = config;
        this.policy = policy;
        this.spool = spool;
        this.sink = sink;
        this.clock = clock;
        this.hostname = config.myhostname();
        try {
            this.tls = config.smtpdTlsCertFile().isEmpty() ? null
                    : ServerTls.fromPem(config.smtpdTlsCertFile().get(), config.smtpdTlsKeyFile().orElseThrow())
                    .getSocketFactory();
        } catch (IOException e) {
            throw new ConfigException("smtpd_tls_cert_file/smtpd_tls_key_file: " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        this.sessions = new ThreadPoolExecutor(0, config.defaultProcessLimit(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "smtpd-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Binds every configured address and starts accepting. @throws IOException when an address cannot be bound */
    public synchronized void start() throws IOException {
        try {
            for (String iface : config.inetInterfaces()) {
                InetAddress bind = iface.equals("all") ? null : IpNetwork.literal(iface);
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(bind, config.smtpdPort()), 128);
                listeners.add(ss);
                Thread t = new Thread(() -> acceptLoop(ss), "smtpd-accept-" + ss.getLocalSocketAddress());
                t.setDaemon(true);
                t.start();
                LOG.info("listening on " + ss.getLocalSocketAddress());
            }
        } catch (IOException e) {
            close();
            throw new IOException("cannot listen on " + config.inetInterfaces() + " port " + config.smtpdPort()
                    + ": " + e.getMessage(), e);
        }
    }

    /** @return the bound addresses (useful with port 0) */
    public List<InetSocketAddress> localAddresses() {
        return listeners.stream().map(s -> (InetSocketAddress) s.getLocalSocketAddress()).toList();
    }

    private void acceptLoop(ServerSocket ss) {
        while (!stopping) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (!stopping) {
                    // e.g. out of file descriptors: back off instead of spinning
                    LOG.log(Level.WARNING, "accept failed on " + ss.getLocalSocketAddress(), e);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
                continue;
            }
            admit(s);
        }
    }

    private void admit(Socket s) {
        InetAddress client = IpNetwork.unmapped(s.getInetAddress());
        AtomicInteger count = perClient.computeIfAbsent(client, k -> new AtomicInteger());
        int limit = config.smtpdClientConnectionCountLimit();
        if (count.incrementAndGet() > limit && limit > 0) {
            release(client, count);
            refuse(s, "421 4.7.0 " + hostname + " Error: too many connections from " + client.getHostAddress());
            return;
        }
        open.add(s);
        try {
            sessions.execute(() -> {
                try {
                    new SmtpSession(s, config, hostname, policy, spool, sink, clock, tls).run();
                } finally {
                    open.remove(s);
                    release(client, count);
                }
            });
        } catch (RejectedExecutionException e) {
            open.remove(s);
            release(client, count);
            refuse(s, "421 4.3.2 " + hostname + " Error: too many connections, try again later");
        }
    }

    private void release(InetAddress client, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            perClient.remove(client, count);
        }
    }

    private void refuse(Socket s, String reply) {
        LOG.info(() -> "refused [" + s.getInetAddress().getHostAddress() + "]: " + reply);
        try (s) {
            s.setSoTimeout(1000);
            OutputStream o = s.getOutputStream();
            o.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
        } catch (IOException ignored) {
            // the client left already
        }
    }

    /** Stops listening and closes every session (in-flight DATA is discarded: those messages never got a 250). */
    @Override
    public synchronized void close() {
        stopping = true;
        for (ServerSocket ss : listeners) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        listeners.clear();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        sessions.shutdown();
        try {
            sessions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
