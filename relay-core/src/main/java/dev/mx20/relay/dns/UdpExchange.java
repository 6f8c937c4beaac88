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
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Sends DNS queries over UDP to one server through a small pool of long-lived sockets, and matches answers to
 * queries by message ID. dnsjava's own {@code SimpleResolver} opens, binds and closes one socket per query; on
 * loopback that costs more CPU per query than a simple authoritative server spends answering it.
 *
 * <p>One event-loop thread owns everything: it sends, receives, decodes, matches, expires and completes. A query
 * handed in from that thread (the usual case: the next question of a domain is asked from the completion of the
 * previous one) is written at once; from any other thread it is queued and the loop woken, at most once per loop
 * turn. Deadlines live in a {@link DeadlineHeap} the loop checks each turn (no timer task per query). Answers are
 * received into one reused direct buffer; sockets ready at once are drained in one turn.
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
 * <p>Messages are encoded and decoded with dnsjava (no hand-written codec; the loop only stores the chosen ID in
 * the first two bytes of the encoded query, RFC 1035 §4.1.1). A truncated answer (TC, RFC 1035 §4.2.1) is asked
 * again over TCP with dnsjava's {@link SimpleResolver}.
 *
 * <p>A query that gets no answer in its time fails with a {@link TimeoutException}, which frees its ID.
 */
final class UdpExchange implements AutoCloseable {
    /** Sockets used in turn; several ports in use at once make a spoofer's guess harder. */
    static final int POOL_SIZE = 4;
    /** Queries sent on one socket before it is replaced by one on a new random port. */
    static final int QUERIES_PER_SOCKET = 200;
    /** Age after which a socket takes no new query, however few it has sent. */
    static final Duration SOCKET_LIFETIME = Duration.ofSeconds(5);
    /** EDNS(0) payload size (RFC 6891 §6.2.5; 1232 avoids IP fragmentation, as DNS Flag Day 2020 advised). */
    static final int EDNS_PAYLOAD = 1232;
    private static final int FIRST_PORT = 1024;
    private static final int PORT_RANGE = 65536 - FIRST_PORT;
    private static final int BIND_ATTEMPTS = 16;
    /** Datagrams read from one ready socket per loop turn before the others get their turn. */
    private static final int READS_PER_TURN = 64;

    /**
     * Receives the outcome of one query, exactly once: the answer, or an error (a {@link TimeoutException}, an
     * {@link IOException}). Called on the loop thread (or on the sending thread when the query could not even be
     * queued, or on dnsjava's thread after a TCP retry): it must not block.
     */
    @FunctionalInterface
    interface Callback extends BiConsumer<Message, Throwable> {
    }

    /** The most {@link #close} waits for the loop thread to end. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private final InetSocketAddress server;
    private final Duration tcpTimeout;
    /** TCP exchanges per truncated answer when the server closes the connection under a query (see overTcp). */
    private static final int TCP_ATTEMPTS = 3;
    private final SecureRandom random = new SecureRandom();
    private final Queue<Pending> submitted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private volatile Selector selector;
    private volatile Thread loopThread;

    // owned by the loop thread
    private final PooledSocket[] pool = new PooledSocket[POOL_SIZE];
    private final List<PooledSocket> retiring = new ArrayList<>();
    private final DeadlineHeap<Pending> deadlines = new DeadlineHeap<>();
    private final List<SelectionKey> ready = new ArrayList<>();
    private final ByteBuffer in = ByteBuffer.allocateDirect(Message.MAXLENGTH);
    private final ByteBuffer out = ByteBuffer.allocateDirect(Message.MAXLENGTH);
    private final byte[] randomBytes = new byte[256];
    private int randomLeft;
    private int nextSlot;

    /**
     * @param server     the name server
     * @param tcpTimeout how long a TCP retry of a truncated answer may take
     */
    UdpExchange(InetSocketAddress server, Duration tcpTimeout) {
        this.server = Objects.requireNonNull(server);
        this.tcpTimeout = Objects.requireNonNull(tcpTimeout);
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
        if (Thread.currentThread() == loopThread) {
            dispatch(p);
            return;
        }
        submitted.add(p);
        try {
            Selector s = startLoop();
            if (!wakeupPending.getAndSet(true)) {
                s.wakeup();
            }
        } catch (IOException e) {
            if (submitted.remove(p)) {
                done.accept(null, e);
            }
        }
        if (closed && submitted.remove(p)) {
            done.accept(null, new ClosedChannelException()); // raced with close(): the loop will not see it
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

    private Selector startLoop() throws IOException {
        Selector s = selector;
        if (s != null) {
            return s;
        }
        synchronized (lifecycle) {
            if (selector == null) {
                Selector opened = Selector.open();
                Thread t = new Thread(this::loop, "dns-udp-" + server.getPort());
                t.setDaemon(true);
                loopThread = t;
                selector = opened;
                t.start();
            }
            return selector;
        }
    }

    /**
     * Stops the loop: queries in flight and queued fail with {@link ClosedChannelException}. Returns once the loop
     * thread has closed its sockets and ended (waiting at most {@link #CLOSE_WAIT}; at once when called from a
     * callback on that thread), so that whoever closes a lookup can count on its sockets and thread being gone.
     */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (lifecycle) {
            Selector s = selector;
            if (s != null) {
                s.wakeup();
            }
            t = loopThread;
        }
        failQueued(new ClosedChannelException());
        if (t != null && t != Thread.currentThread()) {
            try {
                // bounded: the loop only has to wake up, fail what is in flight (running callbacks) and close
                t.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stop waiting; the loop ends by itself
            }
        }
    }

    /** The loop thread, or null before the first query (for tests). */
    Thread loopThread() {
        return loopThread;
    }

    private void failQueued(IOException why) {
        for (Pending p; (p = submitted.poll()) != null; ) {
            p.finish(null, why);
        }
    }

    // ---- the loop thread

    private void loop() {
        Selector sel = selector;
        try {
            while (!closed) {
                wakeupPending.set(false);
                for (Pending p; (p = submitted.poll()) != null; ) {
                    dispatch(p);
                }
                long now = System.nanoTime();
                expire(now);
                retireIdle(now);
                Pending first = deadlines.peek();
                long waitMillis = first == null ? 0
                        : Math.max(1, TimeUnit.NANOSECONDS.toMillis(first.deadlineNanos - now) + 1);
                ready.clear();
                if (submitted.isEmpty()) {
                    sel.select(ready::add, waitMillis);
                } else {
                    sel.selectNow(ready::add);
                }
                for (SelectionKey key : ready) {
                    PooledSocket s = (PooledSocket) key.attachment();
                    if (key.isValid() && key.isWritable()) {
                        s.flushBacklog();
                    }
                    if (key.isValid() && key.isReadable()) {
                        s.readAnswers();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the selector failed: nothing more can be received
        } finally {
            // whatever ended the loop (close, a failed selector, an Error), later queries must fail at once rather
            // than wait for a loop that is gone: this loop is the only thing that would time them out
            closed = true;
            ClosedChannelException why = new ClosedChannelException();
            for (PooledSocket s : pool) {
                if (s != null) {
                    s.failAll(why);
                    s.closeNow();
                }
            }
            for (PooledSocket s : new ArrayList<>(retiring)) {
                s.failAll(why);
                s.closeNow();
            }
            failQueued(why);
            try {
                sel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Sends {@code p} on the next socket of the pool, replacing one that has served its share. */
    private void dispatch(Pending p) {
        PooledSocket s;
        try {
            s = socketFor(nextSlot);
        } catch (IOException e) {
            p.finish(null, e);
            return;
        }
        nextSlot = (nextSlot + 1) % POOL_SIZE;
        s.send(p);
    }

    private PooledSocket socketFor(int slot) throws IOException {
        PooledSocket s = pool[slot];
        if (s != null && s.takeUse()) {
            return s;
        }
        if (s != null) {
            s.retire();
        }
        s = new PooledSocket(openChannel());
        s.takeUse();
        pool[slot] = s;
        return s;
    }

    /** A non-blocking UDP socket on a random port (RFC 5452 §9.2), connected to the server. */
    private DatagramChannel openChannel() throws IOException {
        IOException last = null;
        for (int i = 0; i < BIND_ATTEMPTS; i++) {
            DatagramChannel ch = DatagramChannel.open(server.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                ch.bind(new InetSocketAddress(FIRST_PORT + Math.floorMod(random16() << 16 | random16(), PORT_RANGE)));
                ch.connect(server);
                ch.configureBlocking(false);
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
        if (randomLeft < 2) {
            random.nextBytes(randomBytes);
            randomLeft = randomBytes.length;
        }
        randomLeft -= 2;
        return (randomBytes[randomLeft] & 0xff) << 8 | (randomBytes[randomLeft + 1] & 0xff);
    }

    private void expire(long now) {
        for (Pending p; (p = deadlines.peek()) != null && now - p.deadlineNanos >= 0; ) {
            deadlines.poll();
            p.socket.forget(p);
            p.finish(null, new TimeoutException("no answer from " + server + " in time"));
        }
    }

    /** Sockets past their lifetime stop taking queries; with nothing in flight they are closed. */
    private void retireIdle(long now) {
        for (int i = 0; i < POOL_SIZE; i++) {
            PooledSocket s = pool[i];
            if (s != null && s.inFlight.isEmpty() && (now - s.openedNanos >= SOCKET_LIFETIME.toNanos()
                    || s.uses >= QUERIES_PER_SOCKET)) {
                s.retire();
                pool[i] = null;
            }
        }
    }

    /** One connected socket and its queries in flight by ID; used by the loop thread only. */
    private final class PooledSocket {
        private final DatagramChannel channel;
        private final SelectionKey key;
        private final Map<Integer, Pending> inFlight = new HashMap<>();
        private final ArrayDeque<Pending> backlog = new ArrayDeque<>();
        private final long openedNanos = System.nanoTime();
        private int uses;
        private boolean retired;

        PooledSocket(DatagramChannel channel) throws IOException {
            this.channel = channel;
            try {
                this.key = channel.register(selector, SelectionKey.OP_READ, this);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        /** Counts one more query on this socket; false when it has had its share, is too old or failed. */
        boolean takeUse() {
            return !retired && channel.isOpen() && System.nanoTime() - openedNanos < SOCKET_LIFETIME.toNanos()
                    && uses++ < QUERIES_PER_SOCKET;
        }

        void send(Pending p) {
            int id;
            do {
                id = random16();
            } while (inFlight.containsKey(id));
            p.id = id;
            p.socket = this;
            p.wire[0] = (byte) (id >>> 8); // RFC 1035 §4.1.1: the ID is the first 16 bits of the header
            p.wire[1] = (byte) id;
            inFlight.put(id, p);
            deadlines.add(p);
            if (!backlog.isEmpty()) {
                backlog.add(p); // keep the order; the socket says when it can take more
                return;
            }
            write(p);
        }

        /** Writes one query; when the socket's send buffer is full it waits in the backlog for OP_WRITE. */
        private boolean write(Pending p) {
            out.clear();
            out.put(p.wire).flip();
            try {
                if (channel.write(out) == 0) {
                    if (backlog.isEmpty()) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    }
                    if (backlog.peekFirst() != p) {
                        backlog.addFirst(p);
                    }
                    return false;
                }
                return true;
            } catch (IOException e) {
                forget(p);
                deadlines.remove(p);
                p.finish(null, e);
                return true;
            }
        }

        void flushBacklog() {
            while (!backlog.isEmpty()) {
                Pending p = backlog.peekFirst();
                if (p.done) {
                    backlog.pollFirst();
                    continue;
                }
                if (!write(p)) {
                    return;
                }
                backlog.pollFirst();
            }
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void readAnswers() {
            for (int i = 0; i < READS_PER_TURN && channel.isOpen(); i++) {
                in.clear();
                int n;
                try {
                    // a connected channel's read takes only datagrams from the server's address and port
                    n = channel.read(in);
                } catch (PortUnreachableException e) {
                    // ICMP: nothing listens at the server's port. Which query caused it is unknown; all of them
                    // went to the same place, so all fail now rather than wait for their deadline.
                    failAll(e);
                    continue;
                } catch (IOException e) {
                    failAll(e);
                    retireNow();
                    return;
                }
                if (n <= 0) {
                    return;
                }
                in.flip();
                Message answer;
                try {
                    // dnsjava decodes only the sections the lookup reads, when the others cannot matter
                    byte[] answerOnly = AnswerSectionTrim.answerOnly(in);
                    answer = answerOnly != null ? new Message(answerOnly) : new Message(in);
                } catch (IOException | RuntimeException e) {
                    continue; // garbage: the query keeps waiting for a real answer (or its deadline)
                }
                Pending p = inFlight.get(answer.getHeader().getID());
                if (p != null && p.matches(answer)) {
                    forget(p);
                    deadlines.remove(p);
                    if (answer.getHeader().getFlag(Flags.TC)) {
                        overTcp(p);
                    } else {
                        p.finish(answer, null);
                    }
                }
            }
        }

        private void overTcp(Pending p) {
            SimpleResolver tcp = new SimpleResolver(server);
            tcp.setTCP(true);
            tcp.setTimeout(tcpTimeout);
            p.done = true;
            Callback done = p.callback;
            // dnsjava keeps its TCP connection to a server for the next query, and a server may close an idle
            // connection at any time (RFC 7766 §6.2.3; NSD and Unbound do after seconds), also just as the next
            // query is written: that query then fails with an EOF though nothing is wrong. Asked again it goes out
            // on a new connection (RFC 7766 §6.2.1: a client must be ready to reconnect); a second failure is
            // possible while dnsjava's selector thread has not yet dropped the dead connection (ClosedChannel).
            askOverTcp(tcp, p.query, TCP_ATTEMPTS).whenComplete((m, e) -> done.accept(m, e));
        }

        private CompletableFuture<Message> askOverTcp(SimpleResolver tcp, Message query, int attemptsLeft) {
            return tcp.sendAsync(query).toCompletableFuture().exceptionallyCompose(e ->
                    attemptsLeft > 1 && closedByServer(e) ? askOverTcp(tcp, query, attemptsLeft - 1)
                            : CompletableFuture.failedFuture(e));
        }

        /** @return whether a TCP exchange failed because the server closed the connection before answering */
        private static boolean closedByServer(Throwable e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            return cause instanceof java.io.EOFException
                    || cause instanceof java.nio.channels.ClosedChannelException;
        }

        /** Frees the query's ID; a retired socket closes with its last query. */
        void forget(Pending p) {
            inFlight.remove(p.id, p);
            if (retired && inFlight.isEmpty()) {
                closeNow();
                retiring.remove(this);
            }
        }

        void failAll(IOException why) {
            for (Pending p : new ArrayList<>(inFlight.values())) {
                forget(p);
                deadlines.remove(p);
                p.finish(null, why);
            }
        }

        /** No more queries; closes once the last one in flight has ended. */
        void retire() {
            if (retired) {
                return;
            }
            retired = true;
            if (inFlight.isEmpty()) {
                closeNow();
            } else {
                retiring.add(this);
            }
        }

        private void retireNow() {
            retired = true;
            for (int i = 0; i < POOL_SIZE; i++) {
                if (pool[i] == this) {
                    pool[i] = null;
                }
            }
            closeNow();
        }

        void closeNow() {
            key.cancel();
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
    private static final class Pending extends DeadlineHeap.Entry {
        final Message query;
        final Record question;
        final byte[] wire;
        final Callback callback;
        PooledSocket socket;
        int id;
        boolean done;

        Pending(Message query, byte[] wire, long deadlineNanos, Callback callback) {
            super(deadlineNanos);
            this.query = query;
            this.question = query.getQuestion();
            this.wire = wire;
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

        /** Gives the outcome to the callback, once; a failing callback must not stop the loop. */
        void finish(Message answer, Throwable error) {
            if (done) {
                return;
            }
            done = true;
            try {
                callback.accept(answer, error);
            } catch (RuntimeException e) {
                // the callback's own failure is its business; the loop serves the other queries
            }
        }
    }

    /** For tests: the local ports of the sockets in use (asks the loop thread; empty before the first query). */
    List<Integer> localPorts() {
        List<Integer> ports = new ArrayList<>();
        for (PooledSocket s : pool.clone()) {
            if (s != null) {
                ports.add(s.localPort());
            }
        }
        return ports;
    }
}
