package dev.mx20.relay.testdns;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A resolver that lies, for tests: it listens on one loopback port (UDP and TCP) in front of a real server
 * ({@link TestDnsServer}) and passes queries through, except for names under {@code <lie>.lie.example.}, where
 * {@code <lie>} is one of {@link Lie}'s labels; those get the broken answer that lie describes. One resolver
 * address can then serve honest and lying answers side by side (e.g. to a whole Quarkus test run), and a test
 * picks the failure by the domain it asks about.
 *
 * <p>TCP is passed through unchanged for every name, so a truncated UDP answer can be fetched in full over TCP.
 */
public final class LyingDnsProxy implements AutoCloseable {
    /** The parent of every lying name. */
    public static final String SUFFIX = "lie.example";

    /** How a name under {@code <label>.lie.example} is answered over UDP. */
    public enum Lie {
        /** The real answer with another message ID: a client must drop it (RFC 5452 §9.1) and time out. */
        WRONG_ID("wrong-id"),
        /** The real answer to another question (the name changed): a client must drop it (RFC 5452 §4.2). */
        WRONG_QUESTION("wrong-question"),
        /** An empty answer with TC set (RFC 1035 §4.2.1): a client must ask again over TCP, which works. */
        TRUNCATED("truncated"),
        /** Random bytes after the query's ID. */
        GARBAGE("garbage"),
        /** RCODE SERVFAIL. */
        SERVFAIL("servfail"),
        /** RCODE REFUSED. */
        REFUSED("refused"),
        /** Nothing at all. */
        SILENT("silent"),
        /** The real answer, sent from another loopback address (127.0.0.2): a client must not take it. */
        OTHER_SOURCE("other-source");

        private final String label;

        Lie(String label) {
            this.label = label;
        }

        /** The domain whose names get this lie: {@code <label>.lie.example}. */
        public String domain() {
            return label + "." + SUFFIX;
        }

        static Lie forName(Name name) {
            String n = name.toString(true).toLowerCase(Locale.ROOT);
            for (Lie lie : values()) {
                if (n.equals(lie.domain()) || n.endsWith("." + lie.domain())) {
                    return lie;
                }
            }
            return null;
        }
    }

    private final InetSocketAddress upstream;
    private final DatagramSocket udp;
    private final DatagramSocket otherSource;
    private final ServerSocket tcp;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lying-dns");
        t.setDaemon(true);
        return t;
    });
    private final Random random = new Random(5452);
    private volatile boolean closed;

    private LyingDnsProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        SamePortSockets sockets = SamePortSockets.bind(InetAddress.getLoopbackAddress());
        this.tcp = sockets.tcp();
        this.udp = sockets.udp();
        this.otherSource = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        threads.execute(this::serveUdp);
        threads.execute(this::serveTcp);
    }

    /** Starts a proxy in front of {@code upstream} (a DNS server answering UDP and TCP). */
    public static LyingDnsProxy start(InetSocketAddress upstream) throws IOException {
        return new LyingDnsProxy(upstream);
    }

    /** The address to point a resolver at. */
    public InetSocketAddress address() {
        return new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
    }

    /** The UDP/TCP port. */
    public int port() {
        return tcp.getLocalPort();
    }

    private void serveUdp() {
        byte[] buf = new byte[65535];
        while (!closed) {
            try {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                udp.receive(packet);
                byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
                InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
                threads.execute(() -> answer(query, client));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void answer(byte[] query, InetSocketAddress client) {
        try {
            Message q = new Message(query);
            Record question = q.getQuestion();
            Lie lie = question == null ? null : Lie.forName(question.getName());
            byte[] out;
            if (lie == null) {
                out = forward(query);
            } else {
                out = switch (lie) {
                    case SILENT -> null;
                    case SERVFAIL -> rcode(q, Rcode.SERVFAIL);
                    case REFUSED -> rcode(q, Rcode.REFUSED);
                    case TRUNCATED -> {
                        Message m = reply(q);
                        m.getHeader().setFlag(Flags.TC);
                        yield m.toWire();
                    }
                    case GARBAGE -> {
                        byte[] junk = new byte[12 + random.nextInt(200)];
                        random.nextBytes(junk);
                        junk[0] = query[0];
                        junk[1] = query[1];
                        yield junk;
                    }
                    case WRONG_ID -> {
                        byte[] real = forward(query);
                        if (real != null) {
                            real[0] ^= 0x5a;
                        }
                        yield real;
                    }
                    case WRONG_QUESTION -> {
                        byte[] real = forward(query);
                        if (real == null) {
                            yield null;
                        }
                        Message m = new Message(real);
                        Message other = new Message(m.getHeader().getID());
                        other.getHeader().setFlag(Flags.QR);
                        other.addRecord(Record.newRecord(Name.fromConstantString("elsewhere." + SUFFIX + "."),
                                question.getType(), question.getDClass()), Section.QUESTION);
                        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
                            m.getSection(section).forEach(r -> other.addRecord(r, section));
                        }
                        yield other.toWire();
                    }
                    case OTHER_SOURCE -> {
                        byte[] real = forward(query);
                        if (real != null) {
                            otherSource.send(new DatagramPacket(real, real.length, client));
                        }
                        yield null;
                    }
                };
            }
            if (out != null) {
                udp.send(new DatagramPacket(out, out.length, client));
            }
        } catch (IOException e) {
            // a query we cannot parse or pass on: stay silent, as a broken resolver would
        }
    }

    private static Message reply(Message q) {
        Message m = new Message(q.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RD);
        m.getHeader().setFlag(Flags.RA);
        if (q.getQuestion() != null) {
            m.addRecord(q.getQuestion(), Section.QUESTION);
        }
        return m;
    }

    private static byte[] rcode(Message q, int rcode) {
        Message m = reply(q);
        m.getHeader().setRcode(rcode);
        return m.toWire();
    }

    /** Asks the upstream server over UDP; null when it does not answer in time. */
    private byte[] forward(byte[] query) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(3000);
            s.send(new DatagramPacket(query, query.length, upstream));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(p.getData(), p.getLength());
        }
    }

    private void serveTcp() {
        while (!closed) {
            try {
                Socket client = tcp.accept();
                threads.execute(() -> pipe(client));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** TCP is passed through both ways unchanged. */
    private void pipe(Socket client) {
        try (client; Socket server = new Socket(upstream.getAddress(), upstream.getPort())) {
            client.setSoTimeout(10_000);
            server.setSoTimeout(10_000);
            threads.execute(() -> copy(server, client));
            copy(client, server);
        } catch (IOException e) {
            // either side went away
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        otherSource.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
