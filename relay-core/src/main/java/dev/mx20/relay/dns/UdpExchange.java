package dev.mx20.relay.dns;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends DNS queries over UDP to one server through a small pool of long-lived sockets, and matches answers to
 * queries by message ID. dnsjava's own {@code SimpleResolver} opens, binds and closes one socket per query and
 * hands every answer through one shared selector thread; on loopback that costs more CPU per query than a
 * simple authoritative server spends answering it. Here a socket serves many queries and has its own receiver
 * thread blocked in {@code receive}.
 *
 * <p>Spoofing resistance (RFC 5452): every socket is bound to a random source port (§9.2) and every query gets a
 * random ID (§4.3) that is unique among the queries in flight on its socket. The socket is connected, so the
 * kernel drops datagrams from any other address (§9.1 "the answer comes from the address the query went to"),
 * and an answer is accepted only when its ID matches, QR is set and its question section equals the query's
 * (§4.2, §9.1); anything else is ignored and the query keeps waiting. A socket is retired after
 * {@value #QUERIES_PER_SOCKET} queries or {@link #SOCKET_LIFETIME}, whichever comes first, and replaced by one on
 * a fresh random port: someone who learns a port (by making the relay query a zone they serve) can use it for a
 * few seconds at most, and must still guess a 16-bit ID and send the right question. That is weaker than a new
 * port per query (dnsjava's way); the usual setup sends the relay's queries to a local recursive resolver,
 * which randomises its own queries to the internet.
 *
 * <p>Messages are encoded and decoded with dnsjava's {@link Message} (no hand-written codec). A truncated answer
 * (TC, RFC 1035 §4.2.1) is asked again over TCP with dnsjava's {@link SimpleResolver}.
 *
 * <p>A query that gets no answer in its time fails with a {@link java.util.concurrent.TimeoutException}, which
 * frees its ID.
 */
final class UdpExchange implements AutoCloseable {
    /** Sockets used in turn; a few suffice, each is a receiver thread. */
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

    private final InetSocketAddress server;
    private final Duration tcpTimeout;
    private final SecureRandom random = new SecureRandom();
    private final PooledSocket[] pool = new PooledSocket[POOL_SIZE];
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param server     the name server
     * @param tcpTimeout how long a TCP retry of a truncated answer may take
     */
    UdpExchange(InetSocketAddress server, Duration tcpTimeout) {
        this.server = Objects.requireNonNull(server);
        this.tcpTimeout = Objects.requireNonNull(tcpTimeout);
    }

    /**
     * Sends {@code query} (its ID is replaced) and completes with the matching answer, or exceptionally (a
     * {@link java.util.concurrent.TimeoutException} after {@code timeout}).
     */
    CompletionStage<Message> send(Message query, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        Message q = query.clone();
        if (q.getOPT() == null) {
            q.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        int slot = Math.floorMod(next.getAndIncrement(), POOL_SIZE);
        try {
            return socketFor(slot).send(q, timeout).thenCompose(answer -> answer.getHeader().getFlag(Flags.TC)
                    ? overTcp(query) : CompletableFuture.completedFuture(answer));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Message> overTcp(Message query) {
        SimpleResolver tcp = new SimpleResolver(server);
        tcp.setTCP(true);
        tcp.setTimeout(tcpTimeout);
        return tcp.sendAsync(query);
    }

    /** The socket of {@code slot}, replaced by a fresh one when it has served its share of queries. */
    private PooledSocket socketFor(int slot) throws IOException {
        synchronized (pool) {
            PooledSocket s = pool[slot];
            if (s == null || !s.takeUse()) {
                if (s != null) {
                    s.retire();
                }
                s = new PooledSocket(openChannel());
                s.takeUse();
                pool[slot] = s;
            }
            return s;
        }
    }

    /** A UDP socket on a random port (RFC 5452 §9.2), connected to the server. */
    private DatagramChannel openChannel() throws IOException {
        IOException last = null;
        for (int i = 0; i < BIND_ATTEMPTS; i++) {
            DatagramChannel ch = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
                    ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
            try {
                ch.bind(new InetSocketAddress(FIRST_PORT + random.nextInt(PORT_RANGE)));
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

    @Override
    public void close() {
        closed = true;
        synchronized (pool) {
            for (PooledSocket s : pool) {
                if (s != null) {
                    s.closeNow();
                }
            }
        }
    }

    /** One connected socket, its queries in flight by ID, and the thread that receives their answers. */
    private final class PooledSocket {
        private final DatagramChannel channel;
        private final Map<Integer, Pending> inFlight = new ConcurrentHashMap<>();
        private final long openedNanos = System.nanoTime();
        private int uses;
        private volatile boolean retired;

        PooledSocket(DatagramChannel channel) {
            this.channel = channel;
            Thread receiver = new Thread(this::receive, "dns-udp-" + localPort());
            receiver.setDaemon(true);
            receiver.start();
        }

        /** Counts one more query on this socket; false when it has had its share or failed (pool lock held). */
        boolean takeUse() {
            return !retired && channel.isOpen() && System.nanoTime() - openedNanos < SOCKET_LIFETIME.toNanos()
                    && uses++ < QUERIES_PER_SOCKET;
        }

        CompletableFuture<Message> send(Message query, Duration timeout) {
            CompletableFuture<Message> answer = new CompletableFuture<>();
            int id;
            Pending pending;
            do {
                id = random.nextInt(0x10000);
                pending = new Pending(query.getQuestion(), answer);
            } while (inFlight.putIfAbsent(id, pending) != null);
            int chosen = id;
            // frees the ID whichever way the query ends: answer, error, or the caller's deadline/cancel
            answer.whenComplete((m, e) -> {
                inFlight.remove(chosen);
                if (retired && inFlight.isEmpty()) {
                    closeNow();
                }
            });
            query.getHeader().setID(id);
            answer.orTimeout(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            try {
                channel.write(ByteBuffer.wrap(query.toWire()));
            } catch (IOException e) {
                answer.completeExceptionally(e);
            }
            return answer;
        }

        private void receive() {
            ByteBuffer buf = ByteBuffer.allocate(Message.MAXLENGTH);
            while (channel.isOpen()) {
                buf.clear();
                SocketAddress from;
                try {
                    from = channel.receive(buf);
                } catch (java.net.PortUnreachableException e) {
                    // ICMP: nothing listens at the server's port. Which query caused it is unknown; all of them
                    // went to the same place, so all fail now rather than wait for their deadline.
                    failAll(e);
                    continue;
                } catch (IOException e) {
                    break; // closed (or the socket failed): whatever is in flight fails below
                }
                if (from == null || !from.equals(server)) {
                    continue; // a connected socket only gets the server's datagrams; be sure anyway
                }
                buf.flip();
                Message answer;
                try {
                    answer = new Message(buf);
                } catch (IOException e) {
                    continue; // garbage: the query keeps waiting for a real answer (or its deadline)
                }
                Pending p = inFlight.get(answer.getHeader().getID());
                if (p != null && p.matches(answer)) {
                    p.answer().complete(answer);
                }
            }
            retired = true; // a failed socket is replaced on the next query
            failAll(new IOException("DNS socket closed"));
        }

        private void failAll(IOException why) {
            new ArrayList<>(inFlight.values()).forEach(p -> p.answer().completeExceptionally(why));
        }

        /** No more queries; closes once the last one in flight has ended. */
        void retire() {
            retired = true;
            if (inFlight.isEmpty()) {
                closeNow();
            }
        }

        void closeNow() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway; the receiver thread ends on the closed channel
            }
        }

        private int localPort() {
            try {
                return ((InetSocketAddress) channel.getLocalAddress()).getPort();
            } catch (IOException e) {
                return 0;
            }
        }
    }

    /** A query in flight: the question it asked and where its answer goes. */
    private record Pending(Record question, CompletableFuture<Message> answer) {
        /**
         * RFC 5452 §4.2/§9.1: accept only a response (QR) to this question (same name, ignoring case, type and
         * class); an answer without a question section is not accepted either.
         */
        boolean matches(Message m) {
            Record q = m.getQuestion();
            return m.getHeader().getFlag(Flags.QR) && q != null && q.getName().equals(question.getName())
                    && q.getType() == question.getType() && q.getDClass() == question.getDClass();
        }
    }

    /** For tests: the local ports of the sockets in use. */
    List<Integer> localPorts() {
        List<Integer> ports = new ArrayList<>();
        synchronized (pool) {
            for (PooledSocket s : pool) {
                if (s != null) {
                    ports.add(s.localPort());
                }
            }
        }
        return ports;
    }
}
