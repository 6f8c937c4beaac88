package dev.mx20.relay.dns;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 5452 properties of the pooled UDP client, against scripted servers on loopback: forged or mismatched
 * answers are ignored (the query keeps waiting), IDs and ports vary, sockets are replaced.
 */
class UdpExchangeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A UDP server answering every query with whatever {@code reply} makes of it (null: stay silent). */
    private static final class ScriptedServer implements AutoCloseable {
        final DatagramSocket socket;
        final List<Message> queries = new ArrayList<>();
        final List<Integer> sourcePorts = new ArrayList<>();

        ScriptedServer(Function<Message, List<byte[]>> reply) throws Exception {
            socket = new DatagramSocket(0, LOOPBACK);
            Thread t = new Thread(() -> {
                byte[] buf = new byte[2048];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                        synchronized (this) {
                            queries.add(q);
                            sourcePorts.add(p.getPort());
                        }
                        for (byte[] answer : reply.apply(q)) {
                            socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                        }
                    } catch (Exception e) {
                        // closed, or a packet the script could not answer
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        synchronized int queryCount() {
            return queries.size();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static Message query(String name) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    }

    /** A correct answer to {@code q}: same ID and question, QR set, one A record. */
    private static Message answerTo(Message q) throws Exception {
        Message a = new Message(q.getHeader().getID());
        a.getHeader().setFlag(Flags.QR);
        a.addRecord(q.getQuestion(), Section.QUESTION);
        a.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 300, InetAddress.getByName("192.0.2.1")),
                Section.ANSWER);
        return a;
    }

    private static byte[] wire(Message m) {
        return m.toWire();
    }

    @Test
    void answersAreMatchedToTheirQueriesById() throws Exception {
        try (ScriptedServer server = new ScriptedServer(q -> {
            try {
                return List.of(wire(answerTo(q)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }); UdpExchange exchange = new UdpExchange(server.address(), Duration.ofSeconds(1))) {
            List<CompletableFuture<Message>> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sent.add(exchange.send(query("h" + i + ".example."), Duration.ofSeconds(5)).toCompletableFuture());
            }
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                Message a = sent.get(i).get(5, TimeUnit.SECONDS);
                assertEquals(Name.fromString("h" + i + ".example."), a.getQuestion().getName());
                ids.add(a.getHeader().getID());
            }
            assertTrue(ids.size() > 45, "IDs are random, not a counter from one value: " + ids.size());
            // queries are spread over the pool's sockets, each on its own port
            assertEquals(UdpExchange.POOL_SIZE, new HashSet<>(server.sourcePorts).size());
            assertTrue(server.queries.stream().allMatch(q -> q.getOPT() != null), "EDNS(0) on every query");
        }
    }

    @Test
    void forgedAnswersAreIgnoredAndTheRealOneStillAccepted() throws Exception {
        try (ScriptedServer server = new ScriptedServer(q -> {
            try {
                Message wrongId = answerTo(q);
                wrongId.getHeader().setID((q.getHeader().getID() + 1) & 0xffff);
                Message wrongQuestion = answerTo(query("victim.example."));
                wrongQuestion.getHeader().setID(q.getHeader().getID());
                Message notAResponse = answerTo(q);
                notAResponse.getHeader().unsetFlag(Flags.QR);
                byte[] garbage = {(byte) (q.getHeader().getID() >> 8), (byte) q.getHeader().getID(), 1, 2, 3};
                return List.of(wire(wrongId), wire(wrongQuestion), wire(notAResponse), garbage, wire(answerTo(q)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }); UdpExchange exchange = new UdpExchange(server.address(), Duration.ofSeconds(1))) {
            Message a = exchange.send(query("real.example."), Duration.ofSeconds(5)).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            assertEquals(Name.fromString("real.example."), a.getQuestion().getName());
            assertTrue(a.getHeader().getFlag(Flags.QR));
            assertEquals(1, a.getSection(Section.ANSWER).size());
        }
    }

    /** The answer's question as it comes back: {@code edit} changes bytes of the encoded answer. */
    private static byte[] bent(Message answer, java.util.function.Consumer<byte[]> edit) {
        byte[] w = answer.toWire();
        edit.accept(w);
        return w;
    }

    @Test
    void theQuestionIsComparedExactlyButForTheCaseOfLetters() throws Exception {
        // "real.example." A IN: the name occupies bytes 12-25, the type 26-27, the class 28-29
        try (ScriptedServer server = new ScriptedServer(q -> {
            try {
                Message a = answerTo(q);
                Message sameLengthOtherName = answerTo(query("reax.example."));
                sameLengthOtherName.getHeader().setID(q.getHeader().getID());
                return List.of(
                        wire(sameLengthOtherName),
                        bent(a, w -> w[27] = (byte) Type.AAAA), // another type
                        bent(a, w -> w[29] = (byte) DClass.CH), // another class
                        bent(a, w -> w[12] = 5), // another first label length
                        bent(a, w -> w[5] = 0), // QDCOUNT 0: no question at all
                        java.util.Arrays.copyOf(wire(a), 20), // cut inside the question
                        bent(a, w -> w[13] = (byte) 'R')); // only the case differs (RFC 4343): the answer
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }); UdpExchange exchange = new UdpExchange(server.address(), Duration.ofSeconds(1))) {
            Message a = exchange.send(query("real.example."), Duration.ofSeconds(5)).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            assertEquals(Name.fromString("Real.example."), a.getQuestion().getName());
            assertEquals("Real", a.getQuestion().getName().getLabelString(0), "the case-bent answer, last sent");
            assertEquals(Type.A, a.getQuestion().getType());
        }
    }

    @Test
    void anAnswerFromAnotherAddressIsNotTaken() throws Exception {
        // the server stays silent; a second socket sends the right answer (right ID, right port) from elsewhere
        try (DatagramSocket impostor = new DatagramSocket(0, LOOPBACK);
             ScriptedServer server = new ScriptedServer(q -> List.of());
             UdpExchange exchange = new UdpExchange(server.address(), Duration.ofSeconds(1))) {
            CompletableFuture<Message> pending = exchange.send(query("real.example."), Duration.ofMillis(1500))
                    .toCompletableFuture();
            // Until the server has the query (bounded; a busy machine may take longer than the query's deadline,
            // and then the forgery below proves nothing but cannot fail the test either).
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.queryCount() == 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertTrue(server.queryCount() > 0, "the server never received the query");
            Message q;
            int port;
            synchronized (server) {
                q = server.queries.get(0);
                port = server.sourcePorts.get(0);
            }
            byte[] forged = wire(answerTo(q));
            impostor.send(new DatagramPacket(forged, forged.length, new InetSocketAddress(LOOPBACK, port)));
            ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
        }
    }

    @Test
    void aSilentServerTimesOutAndFreesTheQuery() throws Exception {
        try (ScriptedServer server = new ScriptedServer(q -> List.of());
             UdpExchange exchange = new UdpExchange(server.address(), Duration.ofSeconds(1))) {
            CompletableFuture<Message> pending = exchange.send(query("x.example."), Duration.ofMillis(200))
                    .toCompletableFuture();
            ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
        }
    }

    @Test
    void socketsAreReplacedOnNewPortsAfterTheirShare() throws Exception {
        try (ScriptedServer server = new ScriptedServer(q -> {
            try {
                return List.of(wire(answerTo(q)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }); UdpExchange exchange = new UdpExchange(server.address(), Duration.ofSeconds(1))) {
            int n = UdpExchange.POOL_SIZE * UdpExchange.QUERIES_PER_SOCKET * 2;
            for (int i = 0; i < n; i += 50) {
                List<CompletableFuture<Message>> batch = new ArrayList<>();
                for (int j = 0; j < 50; j++) {
                    batch.add(exchange.send(query("r" + (i + j) + ".example."), Duration.ofSeconds(5))
                            .toCompletableFuture());
                }
                for (CompletableFuture<Message> f : batch) {
                    f.get(5, TimeUnit.SECONDS);
                }
            }
            Set<Integer> ports = new HashSet<>(server.sourcePorts);
            assertTrue(ports.size() >= 2 * UdpExchange.POOL_SIZE, "ports used: " + ports.size());
            assertTrue(ports.stream().allMatch(p -> p >= 1024), ports.toString());
        }
    }

    @Test
    void queriesAreEncodedAsDnsjavaEncodesThemWithEdnsAdded() throws Exception {
        // a query holds one name, so the uncompressed encoding must be byte for byte dnsjava's own
        for (String name : List.of("mx.example.", "_25._tcp.mx.example.",
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.", ".")) {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.PTR, DClass.IN));
            Message withEdns = q.clone();
            withEdns.addRecord(new org.xbill.DNS.OPTRecord(UdpExchange.EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
            assertArrayEquals(withEdns.toWire(), UdpExchange.encode(q), name);
            assertArrayEquals(withEdns.toWire(), UdpExchange.encode(withEdns), name + " (OPT already there)");
            assertEquals(null, q.getOPT(), "the caller's query is not changed");
        }
        // upper case in the query goes out in dnsjava's canonical (lower-case) form; the question still matches
        Message upper = Message.newQuery(Record.newRecord(Name.fromString("MX.Example."), Type.A, DClass.IN));
        Message decoded = new Message(UdpExchange.encode(upper));
        assertEquals(upper.getQuestion().getName(), decoded.getQuestion().getName());
        assertEquals(Name.fromString("mx.example."), decoded.getQuestion().getName());
        assertEquals(UdpExchange.EDNS_PAYLOAD, decoded.getOPT().getPayloadSize());
    }

    @Test
    void closeFailsQueriesInFlightAndLaterOnesAtOnce() throws Exception {
        // the exchange is the only thing that times a query out: closing it must not leave anything waiting
        try (ScriptedServer server = new ScriptedServer(q -> List.of())) {
            UdpExchange exchange = new UdpExchange(server.address(), Duration.ofSeconds(1));
            CompletableFuture<Message> pending = exchange.send(query("x.example."), Duration.ofSeconds(30))
                    .toCompletableFuture();
            for (int i = 0; i < 200 && server.queries.isEmpty(); i++) {
                Thread.sleep(10);
            }
            Thread loop = exchange.loopThread();
            exchange.close();
            // close() returns once the loop thread (and with it every socket it owned) is gone, not shortly after
            assertFalse(loop.isAlive(), "the loop thread still runs after close()");
            ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
            assertInstanceOf(java.nio.channels.ClosedChannelException.class, e.getCause());
            CompletableFuture<Message> after = exchange.send(query("y.example."), Duration.ofSeconds(30))
                    .toCompletableFuture();
            assertTrue(after.isCompletedExceptionally(), "a query after close fails at once");
        }
    }

    @Test
    void aFailingCallbackDoesNotStopTheLoop() throws Exception {
        try (ScriptedServer server = new ScriptedServer(q -> {
            try {
                return List.of(wire(answerTo(q)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }); UdpExchange exchange = new UdpExchange(server.address(), Duration.ofSeconds(1))) {
            CompletableFuture<Boolean> called = new CompletableFuture<>();
            exchange.send(query("a.example."), Duration.ofSeconds(5).toNanos(), (m, e) -> {
                called.complete(m != null);
                throw new IllegalStateException("a careless caller");
            });
            assertTrue(called.get(5, TimeUnit.SECONDS));
            Message a = exchange.send(query("b.example."), Duration.ofSeconds(5)).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            assertEquals(Name.fromString("b.example."), a.getQuestion().getName());
        }
    }
}
