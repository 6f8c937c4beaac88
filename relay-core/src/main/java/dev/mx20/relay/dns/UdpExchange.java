package dev.mx20.relay.dns;

import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Sends DNS queries over UDP to one server through a small pool of long-lived sockets, and matches answers to
 * queries by message ID. dnsjava's own {@code SimpleResolver} opens, binds and closes one socket per query; on
 * loopback that costs more CPU per query than a simple authoritative server spends answering it.
 *
 * <p>Every socket is blocking and has its own reader thread, which receives one datagram per system call (no
 * selector: no {@code epoll_wait} and no read that finds nothing, which a non-blocking socket needs after every
 * wake-up), decodes, matches and completes the query. A query is written by the thread that sends it, directly:
 * usually a reader thread, since the next question of a domain is asked from the completion of the previous one;
 * it then goes out on that thread's own socket, so the sockets' bookkeeping is rarely contended. Deadlines are
 * swept by one timer thread every {@link #SWEEP_MILLIS} ms (no timer task per query); a query may therefore time
 * out up to that much later than asked.
 *
 * <p>Spoofing resistance (RFC 5452): every socket is bound to a random source port (§9.2) and every query gets a
 * random ID (§4.3) that is unique among the queries in flight on its socket. The socket is connected, so only
 * datagrams from the server's address and port reach it (§9.1 "the answer comes from the address the query went
 * to"), and an answer is accepted only when its ID matches, QR is set and its question section equals the query's
 * (§4.2, §9.1); anything else is ignored and the query keeps waiting. A socket is retired after
 * {@value #QUERIES_PER_SOCKET} queries or {@link #SOCKET_LIFETIME}, whichever comes first, and replaced by one on
 * a fresh random port: someone who learns a port (by making the relay query a zone they serve) can use it for a
 * few seconds at most, and must still guess a 16-bit ID and send the right question. That is weaker than a new
 * port per query (dnsjava's way); the usual setup sends the relay's queries to a local recursive resolver,
 * which randomises its own queries to the internet.
 *
 * <p>Messages are encoded and decoded with dnsjava (no hand-written codec; only the chosen ID is stored in the
 * first two bytes of the encoded query, RFC 1035 §4.1.1). A truncated answer (TC, RFC 1035 §4.2.1) is asked
 * again over TCP with dnsjava's {@link SimpleResolver}.
 *
 * <p>A query that gets no answer in its time fails with a {@link TimeoutException}, which frees its ID.
 */
final class UdpExchange implements AutoCloseable {
    /** Sockets in use at once, each with its reader thread. */
    static final int POOL_SIZE = 4;
    /** Queries sent on one socket before it is replaced by one on a new random port. */
    static final int QUERIES_PER_SOCKET = 200;
    /** Age after which a socket takes no new query, however few it has sent. */
    static final Duration SOCKET_LIFETIME = Duration.ofSeconds(5);
    /** EDNS(0) payload size (RFC 6891 §6.2.5; 1232 avoids IP fragmentation, as DNS Flag Day 2020 advised). */
    static final int EDNS_PAYLOAD = 1232;
    /** How often deadlines are checked: the most a timeout can be late. */
    static final long SWEEP_MILLIS = 10;
    private static final int FIRST_PORT = 1024;
    private static final int PORT_RANGE = 65536 - FIRST_PORT;
    private static final int BIND_ATTEMPTS = 16;
    /** A reader thread left without a socket waits this long for another before it ends. */
    private static final long READER_KEEP_ALIVE_SECONDS = 30;

    /**
     * Receives the outcome of one query, exactly once: the answer, or an error (a {@link TimeoutException}, an
     * {@link IOException}). Called on a reader thread, the timer thread, the sending thread (when the query could
     * not be sent) or dnsjava's thread after a TCP retry: it must not block.
     */
    @FunctionalInterface
    interface Callback extends BiConsumer<Message, Throwable> {
    }

    private final InetSocketAddress server;
    private final Duration tcpTimeout;
    private final SecureRandom random = new SecureRandom();
    private final byte[] randomBytes = new byte[256];
    private int randomLeft; // guarded by random
    /** The socket of each slot; read without a lock by senders, replaced under this object's lock. */
    private final AtomicReferenceArray<PooledSocket> pool = new AtomicReferenceArray<>(POOL_SIZE);
    private final List<PooledSocket> retiring = new ArrayList<>(); // guarded by this: retired, queries in flight
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final ThreadPoolExecutor readers;
    private volatile boolean closed;
    private Thread sweeper; // guarded by this

    /**
     * @param server     the name server
     * @param tcpTimeout how long a TCP retry of a truncated answer may take
     */
    UdpExchange(InetSocketAddress server, Duration tcpTimeout) {
        this.server = Objects.requireNonNull(server);
        this.tcpTimeout = Objects.requireNonNull(tcpTimeout);
        AtomicInteger threads = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, READER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new ReaderThread(this, r, "dns-udp-" + server.getPort() + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A reader thread of one exchange; queries sent from it go out on the socket it reads. */
    private static final class ReaderThread extends Thread {
        final UdpExchange owner;
        int slot;

        ReaderThread(UdpExchange owner, Runnable r, String name) {
            super(r, name);
            this.owner = owner;
        }
    }

    /**
     * Sends {@code query} (its ID is replaced; EDNS(0) is added when it has no OPT record) and completes with the
     * matching answer, or exceptionally (a {@link TimeoutException} after {@code timeout}).
     */
    CompletionStage<Message> send(Message query, Duration timeout) {
        CompletableFuture<Message> answer = new CompletableFuture<>();
        send(query, timeout.toNanos(), (m, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(m);
            }
        });
        return answer;
    }

    /** As {@link #send(Message, Duration)}, with the outcome given to {@code done} (see {@link Callback}). */
    void send(Message query, long timeoutNanos, Callback done) {
        Pending p;
        try {
            p = new Pending(query, encode(query), System.nanoTime() + Math.max(1, timeoutNanos), done);
        } catch (RuntimeException e) {
            done.accept(null, e);
            return;
        }
        if (closed) {
            done.accept(null, new ClosedChannelException());
            return;
        }
        int slot = Thread.currentThread() instanceof ReaderThread r && r.owner == this
                ? r.slot : Math.floorMod(nextSlot.getAndIncrement(), POOL_SIZE);
        PooledSocket s;
        try {
            s = socketFor(slot, p);
        } catch (IOException | RuntimeException e) {
            done.accept(null, e);
            return;
        }
        s.write(p);
        if (closed) {
            s.failAll(new ClosedChannelException()); // raced with close(): nothing would time it out
        }
    }

    /**
     * The query in wire form, by dnsjava's encoders but without name compression: a query holds one name, so
     * compression cannot shorten it, and dnsjava's name encoder costs quadratic time in the labels of a name
     * (an ip6.arpa PTR name has 34) whether it compresses or not. The question is written as RFC 1035 §4.1.2 lays
     * it out, from dnsjava's canonical (lower-case, RFC 4034 §6.2) form of the name, its type and class; the other
     * records by {@link Record#toWire(int)}. The ID bytes are filled in by the loop.
     */
    static byte[] encode(Message query) {
        Message q = query;
        if (q.getOPT() == null) {
            q = query.clone();
            q.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        DNSOutput out = new DNSOutput(128); // grows when needed
        out.writeByteArray(q.getHeader().toWire());
        for (Record question : q.getSection(Section.QUESTION)) {
            question.getName().toWireCanonical(out);
            out.writeU16(question.getType());
            out.writeU16(question.getDClass());
        }
        for (int section : new int[]{Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (Record r : q.getSection(section)) {
                out.writeByteArray(r.toWire(section));
            }
        }
        return out.toByteArray();
    }

    /**
     * The socket of {@code slot} with {@code p} registered on it (an ID chosen, counted as one of its uses), or a
     * new one on a fresh port when the slot's socket has served its share.
     */
    private PooledSocket socketFor(int slot, Pending p) throws IOException {
        PooledSocket s = pool.get(slot);
        if (s != null && s.register(p)) {
            return s;
        }
        synchronized (this) {
            if (closed) {
                throw new ClosedChannelException();
            }
            s = pool.get(slot);
            if (s != null && s.register(p)) {
                return s; // another thread replaced it meanwhile
            }
            if (s != null) {
                retire(s);
            }
            s = new PooledSocket(openChannel(), slot);
            pool.set(slot, s);
            s.register(p);
            startSweeper();
        }
        readers.execute(s);
        return s;
    }

    /** Takes {@code s} out of use; it closes when its last query has ended (guarded by this). */
    private void retire(PooledSocket s) {
        if (s.retire()) {
            s.closeNow();
        } else {
            retiring.add(s);
        }
    }

    private void startSweeper() {
        if (sweeper == null) {
            sweeper = new Thread(this::sweep, "dns-udp-" + server.getPort() + "-timeouts");
            sweeper.setDaemon(true);
            sweeper.start();
        } else {
            LockSupport.unpark(sweeper);
        }
    }

    /** Stops: queries in flight fail with {@link ClosedChannelException}, and so do later ones. */
    @Override
    public void close() {
        List<PooledSocket> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(retiring);
            for (int i = 0; i < POOL_SIZE; i++) {
                PooledSocket s = pool.getAndSet(i, null);
                if (s != null) {
                    all.add(s);
                }
            }
            retiring.clear();
            if (sweeper != null) {
                LockSupport.unpark(sweeper);
            }
        }
        ClosedChannelException why = new ClosedChannelException();
        for (PooledSocket s : all) {
            s.retire();
            s.failAll(why);
            s.closeNow();
        }
        readers.shutdown();
    }

    /** The timer thread: every {@link #SWEEP_MILLIS} ms, fails the queries past their deadline, retires old sockets. */
    private void sweep() {
        try {
            while (!closed) {
                long now = System.nanoTime();
                List<PooledSocket> sockets = new ArrayList<>(POOL_SIZE + 4);
                synchronized (this) {
                    sockets.addAll(retiring);
                    for (int i = 0; i < POOL_SIZE; i++) {
                        PooledSocket s = pool.get(i);
                        if (s != null && s.idleAndUsedUp(now)) {
                            pool.set(i, null);
                            retire(s); // nothing in flight: closes at once, its reader ends
                        } else if (s != null) {
                            sockets.add(s);
                        }
                    }
                }
                for (PooledSocket s : sockets) {
                    s.expire(now);
                }
                boolean idle;
                synchronized (this) {
                    idle = retiring.isEmpty() && openSockets() == 0;
                }
                if (idle) {
                    LockSupport.park(this); // a new socket unparks it
                } else {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS));
                }
            }
        } catch (RuntimeException | Error e) {
            // nothing would time the queries out any more: stop, so that they fail now and later ones at once
            close();
            throw e;
        }
    }

    /** A blocking UDP socket on a random port (RFC 5452 §9.2), connected to the server. */
    private DatagramChannel openChannel() throws IOException {
        IOException last = null;
        for (int i = 0; i < BIND_ATTEMPTS; i++) {
            DatagramChannel ch = DatagramChannel.open(server.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                ch.bind(new InetSocketAddress(FIRST_PORT + Math.floorMod(random16() << 16 | random16(), PORT_RANGE)));
                ch.connect(server);
                return ch;
            } catch (BindException e) {
                last = e; // the port is taken: pick another
                ch.close();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
        throw last;
    }

    /** 16 random bits from a SecureRandom, drawn in blocks: one call per query would cost more than the rest. */
    private int random16() {
        synchronized (random) {
            if (randomLeft < 2) {
                random.nextBytes(randomBytes);
                randomLeft = randomBytes.length;
            }
            randomLeft -= 2;
            return (randomBytes[randomLeft] & 0xff) << 8 | (randomBytes[randomLeft + 1] & 0xff);
        }
    }

    /** Where a reader thread receives: one direct buffer per thread, reused for every socket it reads. */
    private static final ThreadLocal<ByteBuffer> RECEIVE_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(Message.MAXLENGTH));

    /**
     * One connected socket, its queries in flight by ID (guarded by the socket itself) and, as a {@link Runnable},
     * its reader: blocking receives until the socket is closed.
     */
    private final class PooledSocket implements Runnable {
        private final DatagramChannel channel;
        private final int slot;
        private final Map<Integer, Pending> inFlight = new HashMap<>();
        private final long openedNanos = System.nanoTime();
        /** Random bytes for this socket's IDs, drawn from the shared SecureRandom a block at a time. */
        private final byte[] ids = new byte[2 * 64];
        private int idsLeft;
        private int uses;
        private boolean retired;

        PooledSocket(DatagramChannel channel, int slot) {
            this.channel = channel;
            this.slot = slot;
        }

        /** Gives {@code p} a fresh ID on this socket; false when the socket has had its share, is too old or retired. */
        boolean register(Pending p) {
            synchronized (this) {
                if (retired || uses >= QUERIES_PER_SOCKET
                        || System.nanoTime() - openedNanos >= SOCKET_LIFETIME.toNanos()) {
                    return false;
                }
                uses++;
                int id;
                do {
                    id = nextId();
                } while (inFlight.containsKey(id));
                p.id = id;
                p.wire[0] = (byte) (id >>> 8); // RFC 1035 §4.1.1: the ID is the first 16 bits of the header
                p.wire[1] = (byte) id;
                p.socket = this;
                inFlight.put(id, p);
                return true;
            }
        }

        /** Writes a registered query, from the sending thread; a failed write fails the query. */
        void write(Pending p) {
            try {
                channel.write(ByteBuffer.wrap(p.wire)); // a blocking datagram write sends all or throws
            } catch (IOException e) {
                if (take(p)) {
                    p.finish(null, e);
                }
            }
        }

        /** Removes {@code p} from the queries in flight; true when this caller is the one to finish it. */
        private boolean take(Pending p) {
            boolean drained;
            synchronized (this) {
                if (!inFlight.remove(p.id, p)) {
                    return false;
                }
                drained = retired && inFlight.isEmpty();
            }
            if (drained) {
                closeNow(); // a retired socket closes with its last query; its reader then ends
            }
            return true;
        }

        /** A random 16-bit ID (RFC 5452 §4.3); guarded by this socket. */
        private int nextId() {
            if (idsLeft < 2) {
                synchronized (random) {
                    random.nextBytes(ids);
                }
                idsLeft = ids.length;
            }
            idsLeft -= 2;
            return (ids[idsLeft] & 0xff) << 8 | (ids[idsLeft + 1] & 0xff);
        }

        /** Marks the socket retired; true when nothing is in flight (the caller closes it). */
        synchronized boolean retire() {
            retired = true;
            return inFlight.isEmpty();
        }

        synchronized boolean idleAndUsedUp(long now) {
            return inFlight.isEmpty() && (uses >= QUERIES_PER_SOCKET
                    || now - openedNanos >= SOCKET_LIFETIME.toNanos());
        }

        void expire(long now) {
            List<Pending> late = null;
            synchronized (this) {
                for (Pending p : inFlight.values()) {
                    if (now - p.deadlineNanos >= 0) {
                        (late == null ? late = new ArrayList<>() : late).add(p);
                    }
                }
            }
            if (late != null) {
                for (Pending p : late) {
                    if (take(p)) {
                        p.finish(null, new TimeoutException("no answer from " + server + " in time"));
                    }
                }
            }
        }

        void failAll(IOException why) {
            List<Pending> all;
            synchronized (this) {
                all = new ArrayList<>(inFlight.values());
            }
            for (Pending p : all) {
                if (take(p)) {
                    p.finish(null, why);
                }
            }
        }

        @Override
        public void run() {
            ((ReaderThread) Thread.currentThread()).slot = slot;
            ByteBuffer in = RECEIVE_BUFFER.get();
            while (channel.isOpen()) {
                in.clear();
                try {
                    // blocks until a datagram arrives; a connected channel takes only the server's address and port
                    channel.read(in);
                } catch (PortUnreachableException e) {
                    // ICMP: nothing listens at the server's port. Which query caused it is unknown; all of them
                    // went to the same place, so all fail now rather than wait for their deadline.
                    failAll(e);
                    continue;
                } catch (ClosedChannelException e) {
                    return; // retired and drained, or the exchange closed
                } catch (IOException e) {
                    synchronized (UdpExchange.this) {
                        pool.compareAndSet(slot, this, null);
                        retiring.remove(this);
                        retire();
                    }
                    failAll(e);
                    closeNow();
                    return;
                }
                in.flip();
                received(in);
            }
        }

        private void received(ByteBuffer in) {
            Message answer;
            try {
                answer = new Message(in);
            } catch (IOException | RuntimeException e) {
                return; // garbage: the query keeps waiting for a real answer (or its deadline)
            }
            Pending p;
            synchronized (this) {
                p = inFlight.get(answer.getHeader().getID());
            }
            if (p == null || !p.matches(answer) || !take(p)) {
                return;
            }
            if (answer.getHeader().getFlag(Flags.TC)) {
                overTcp(p);
            } else {
                p.finish(answer, null);
            }
        }

        private void overTcp(Pending p) {
            SimpleResolver tcp = new SimpleResolver(server);
            tcp.setTCP(true);
            tcp.setTimeout(tcpTimeout);
            Callback done = p.callback;
            Message again = p.query.clone();
            again.getHeader().setID(p.id); // the random ID it had over UDP (the caller's query may carry 0)
            tcp.sendAsync(again).whenComplete((m, e) -> done.accept(m, e));
        }

        void closeNow() {
            synchronized (UdpExchange.this) {
                retiring.remove(this);
            }
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        int localPort() {
            try {
                return ((InetSocketAddress) channel.getLocalAddress()).getPort();
            } catch (IOException e) {
                return 0;
            }
        }
    }

    /** A query on its way: its wire form, the question it asked, its deadline and where its outcome goes. */
    private static final class Pending {
        final Message query;
        final Record question;
        final byte[] wire;
        final long deadlineNanos;
        final Callback callback;
        PooledSocket socket;
        int id;

        Pending(Message query, byte[] wire, long deadlineNanos, Callback callback) {
            this.query = query;
            this.question = query.getQuestion();
            this.wire = wire;
            this.deadlineNanos = deadlineNanos;
            this.callback = callback;
        }

        /**
         * RFC 5452 §4.2/§9.1: accept only a response (QR) to this question (same name, ignoring case, type and
         * class); an answer without a question section is not accepted either.
         */
        boolean matches(Message m) {
            Record q = m.getQuestion();
            return m.getHeader().getFlag(Flags.QR) && q != null && question != null
                    && q.getName().equals(question.getName()) && q.getType() == question.getType()
                    && q.getDClass() == question.getDClass();
        }

        /**
         * Gives the outcome to the callback. Called only by whoever took the query out of its socket's table, so
         * exactly once; a failing callback must not stop the thread that called it.
         */
        void finish(Message answer, Throwable error) {
            try {
                callback.accept(answer, error);
            } catch (RuntimeException e) {
                // the callback's own failure is its business; the reader serves the other queries
            }
        }
    }

    /** For tests: sockets not yet closed (in use, or retired with queries in flight). */
    synchronized int openSockets() {
        int n = retiring.size();
        for (int i = 0; i < POOL_SIZE; i++) {
            n += pool.get(i) != null ? 1 : 0;
        }
        return n;
    }

    /** For tests: reader threads blocked on (or serving) a socket. */
    int activeReaders() {
        return readers.getActiveCount();
    }

    /** For tests: the local ports of the sockets in use (empty before the first query). */
    List<Integer> localPorts() {
        List<Integer> ports = new ArrayList<>();
        PooledSocket[] now;
        synchronized (this) {
            now = new PooledSocket[POOL_SIZE];
            for (int i = 0; i < POOL_SIZE; i++) {
                now[i] = pool.get(i);
            }
        }
        for (PooledSocket s : now) {
            if (s != null) {
                ports.add(s.localPort());
            }
        }
        return ports;
    }
}
