package dev.mx20.relay.delivery.client;

import dev.mx20.relay.delivery.route.Target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * SMTP sessions kept open after a completed mail transaction, so the next message to the same address skips the
 * TCP handshake, greeting, EHLO (and STARTTLS) and the QUIT: Postfix's SMTP connection cache
 * ({@code smtp_connection_cache_on_demand}). RFC 5321 §3.3 allows any number of transactions per session.
 *
 * <p>Limits, with Postfix's names and defaults where it has them: a session waits idle at most
 * {@code smtp_connection_cache_time_limit} (2 s) for its next message, then gets QUIT and is closed; it is not
 * reused once it is older than {@code smtp_connection_reuse_time_limit} (300 s) or has carried
 * {@link #DEFAULT_REUSE_COUNT_LIMIT} transactions ({@code smtp_connection_reuse_count_limit}; Postfix's is off by
 * default, a bound keeps a server's per-session state and a broken peer's damage small). The relay reads all three
 * from relay.cf ({@code RelayConfig#newConnectionCache}, documented in docs/relay.md). A session is keyed by MX host name, address,
 * port and whether STARTTLS may be used, so a plaintext retry never picks up a TLS session and a verified
 * session is reused only for the host name it was verified for. Thread-safe.
 */
public final class ConnectionCache implements AutoCloseable {
    /** Postfix's {@code smtp_connection_cache_time_limit} default. */
    public static final Duration DEFAULT_IDLE_LIMIT = Duration.ofSeconds(2);
    /** Postfix's {@code smtp_connection_reuse_time_limit} default. */
    public static final Duration DEFAULT_REUSE_TIME_LIMIT = Duration.ofSeconds(300);
    /** Transactions per session at most ({@code smtp_connection_reuse_count_limit}; Postfix: 0, no limit). */
    public static final int DEFAULT_REUSE_COUNT_LIMIT = 100;

    private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smtp-connection-cache");
        t.setDaemon(true);
        return t;
    });

    private final long idleNanos;
    private final long reuseNanos;
    private final int reuseCount;
    private final Map<Key, Deque<Idle>> idle = new ConcurrentHashMap<>();
    /** Ends sessions idle too long: one periodic sweep rather than a timer per message (no wake-up per message). */
    private final java.util.concurrent.ScheduledFuture<?> sweeper;

    /** A cache with Postfix's limits. */
    public ConnectionCache() {
        this(DEFAULT_IDLE_LIMIT, DEFAULT_REUSE_TIME_LIMIT, DEFAULT_REUSE_COUNT_LIMIT);
    }

    /**
     * @param idleLimit       how long a session may wait for its next message
     * @param reuseTimeLimit  age after which a session is not reused
     * @param reuseCountLimit transactions per session at most (at least 1)
     */
    public ConnectionCache(Duration idleLimit, Duration reuseTimeLimit, int reuseCountLimit) {
        if (idleLimit.isNegative() || idleLimit.isZero() || reuseTimeLimit.isNegative() || reuseCountLimit < 1) {
            throw new IllegalArgumentException("connection cache limits must be positive");
        }
        this.idleNanos = idleLimit.toNanos();
        this.reuseNanos = reuseTimeLimit.toNanos();
        this.reuseCount = reuseCountLimit;
        long period = Math.max(idleNanos / 2, TimeUnit.MILLISECONDS.toNanos(10));
        this.sweeper = startSweeper(new java.lang.ref.WeakReference<>(this), period);
    }

    /** The sweep holds the cache weakly, so a cache nobody closed does not live (and sweep) forever. */
    private static java.util.concurrent.ScheduledFuture<?> startSweeper(
            java.lang.ref.WeakReference<ConnectionCache> cache, long periodNanos) {
        return EXPIRY.scheduleWithFixedDelay(() -> {
            ConnectionCache c = cache.get();
            if (c == null) {
                throw new java.util.concurrent.CancellationException("cache collected"); // ends the schedule
            }
            c.sweep();
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Which sessions are interchangeable. */
    record Key(String host, Target target, boolean tlsAllowed) {
        static Key of(Target t, boolean tlsAllowed) {
            return new Key(t.host(), t, tlsAllowed);
        }
    }

    /** An open, idle session after a completed transaction (no command outstanding). */
    static final class Idle {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final ReplyReader reader;
        final Extensions extensions;
        final long openedNanos;
        final int transactions;
        volatile long idleSinceNanos;

        Idle(Socket socket, InputStream in, OutputStream out, ReplyReader reader, Extensions extensions,
             long openedNanos, int transactions) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.reader = reader;
            this.extensions = extensions;
            this.openedNanos = openedNanos;
            this.transactions = transactions;
        }
    }

    /**
     * @return an idle session for this key that is still within its limits and has nothing unread (a server that
     * timed the session out has usually said 421 already), or {@code null}
     */
    Idle take(Key key) {
        Deque<Idle> q = idle.get(key);
        if (q == null) {
            return null;
        }
        for (Idle s; (s = q.pollFirst()) != null; ) {
            long now = System.nanoTime();
            if (now - s.idleSinceNanos < idleNanos && !s.socket.isClosed() && unreadBytes(s) == 0) {
                return s;
            }
            quit(s);
        }
        return null;
    }

    /** Keeps a session whose transaction completed, or ends it when it has reached a limit. */
    void release(Key key, Idle s) {
        long now = System.nanoTime();
        if (s.transactions >= reuseCount || now - s.openedNanos >= reuseNanos) {
            quit(s);
            return;
        }
        s.idleSinceNanos = now;
        idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addFirst(s);
    }

    /** Ends every idle session (QUIT, close). Sessions in use are not affected. */
    @Override
    public void close() {
        sweeper.cancel(false);
        for (Map.Entry<Key, Deque<Idle>> e : idle.entrySet()) {
            for (Idle s; (s = e.getValue().pollFirst()) != null; ) {
                quit(s);
            }
        }
    }

    /** Ends the sessions that waited longer than the idle limit (at most 1.5 times the limit after release). */
    private void sweep() {
        long now = System.nanoTime();
        for (Deque<Idle> q : idle.values()) {
            for (Idle s : q) {
                if (now - s.idleSinceNanos >= idleNanos && q.remove(s)) { // remove() fails if a delivery took it
                    quit(s);
                }
            }
        }
    }

    private static int unreadBytes(Idle s) {
        try {
            return s.in.available();
        } catch (IOException e) {
            return -1;
        }
    }

    /** QUIT, a short wait for the reply (its content changes nothing), close. */
    private static void quit(Idle s) {
        try (Socket socket = s.socket) {
            socket.setSoTimeout(1000);
            s.out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            s.out.flush();
            s.reader.read();
        } catch (IOException | RuntimeException e) {
            // the server went away first (or answered garbage); closing is all that is left
        }
    }
}
