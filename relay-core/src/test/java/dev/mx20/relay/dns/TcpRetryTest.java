package dev.mx20.relay.dns;

import dev.mx20.relay.testdns.SamePortSockets;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A truncated UDP answer is asked again over TCP (RFC 1035 §4.2.1, RFC 7766 §5), and dnsjava keeps that TCP
 * connection for the next query to the same server. A server may close it at any time (RFC 7766 §6.2.3: idle
 * time-outs, NSD and Unbound after a few seconds), also just as the next query arrives: that query then meets a
 * closed connection (EOFException) though the server is fine. It must be asked again on a new connection, not
 * reported as a lookup failure (which made a whole domain LOOKUP_FAILED in a CI run).
 */
class TcpRetryTest {

    @Test
    void aQueryOnATcpConnectionTheServerClosesIsAskedAgainOnANewOne() throws Exception {
        try (OneAnswerPerConnection server = new OneAnswerPerConnection();
             UdpExchange exchange = new UdpExchange(server.address(), Duration.ofSeconds(5))) {
            for (int i = 0; i < 20; i++) {
                Message q = Message.newQuery(Record.newRecord(Name.fromString("h" + i + ".example."), Type.A, DClass.IN));
                Message a = exchange.send(q, Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS);
                assertEquals(q.getQuestion(), a.getQuestion());
                assertEquals(1, a.getSection(Section.ANSWER).size(), a.toString());
            }
            assertTrue(server.connections.get() >= 20, "each query needed its own connection: " + server.connections);
        }
    }

    /**
     * Answers every UDP query truncated (TC, no records), and over TCP answers the first query of each connection,
     * then closes the connection when the second one arrives, unanswered.
     */
    private static final class OneAnswerPerConnection implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket tcp;
        private final DatagramSocket udp;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "one-answer-per-connection");
            t.setDaemon(true);
            return t;
        });

        OneAnswerPerConnection() throws IOException {
            SamePortSockets sockets = SamePortSockets.bind(InetAddress.getLoopbackAddress());
            tcp = sockets.tcp();
            udp = sockets.udp();
            threads.execute(this::serveUdp);
            threads.execute(this::serveTcp);
        }

        InetSocketAddress address() {
            return new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
        }

        private void serveUdp() {
            byte[] buf = new byte[512];
            while (!udp.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    udp.receive(p);
                    Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                    Message a = new Message(q.getHeader().getID());
                    a.getHeader().setFlag(Flags.QR);
                    a.getHeader().setFlag(Flags.TC);
                    a.addRecord(q.getQuestion(), Section.QUESTION);
                    byte[] wire = a.toWire();
                    udp.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
                } catch (IOException e) {
                    // closed, or a packet that is not a query
                }
            }
        }

        private void serveTcp() {
            while (!tcp.isClosed()) {
                try {
                    Socket s = tcp.accept();
                    connections.incrementAndGet();
                    threads.execute(() -> answerOnce(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void answerOnce(Socket s) {
            try (s) {
                s.setSoTimeout(20_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                Message q = new Message(in.readNBytes(in.readUnsignedShort()));
                Message a = new Message(q.getHeader().getID());
                a.getHeader().setFlag(Flags.QR);
                a.addRecord(q.getQuestion(), Section.QUESTION);
                a.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 300,
                        InetAddress.getByName("192.0.2.1")), Section.ANSWER);
                byte[] wire = a.toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
                in.readUnsignedShort(); // the next query on this connection: closed unanswered
            } catch (IOException e) {
                // the client went away first
            }
        }

        @Override
        public void close() throws IOException {
            udp.close();
            tcp.close();
            threads.shutdownNow();
        }
    }
}
