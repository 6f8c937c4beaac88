package dev.mx20.relay.e2e;

import dev.mx20.relay.testdns.TestDnsServer;
import dev.mx20.relay.tools.SmtpSink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay's world on loopback, modelled on the zone:
 * <pre>
 * example.com.         MX 10 v6only.example.com.   (AAAA ::1 only: the IPv6-only primary, an smtp-sink)
 *                      MX 20 relay.example.com.    (A 127.0.0.1: the relay under test)
 * sender.example.      MX 10 mx.sender.example.    (A 127.0.0.2 only: an IPv4-only sender's server)
 * </pre>
 * Every SMTP server in the picture listens on the same port number {@link #smtpPort} (the relay's
 * {@code smtp_port}), each on its own address; the relay itself listens on another port.
 * <p>
 * smtp-sink must be told its port, so the port is chosen by binding and closing sockets; another process can take
 * it before smtp-sink binds it. {@link #sinks} therefore starts all sinks of a test together and, when the port
 * turns out to be taken, starts them all again on a fresh port; the relay's configuration, written afterwards,
 * names the port they have.
 */
final class Topology implements AutoCloseable {
    static final String PRIMARY = "::1";
    static final String SENDER_MX = "127.0.0.2";

    /** How many fresh ports {@link #sinks} tries. */
    private static final int PORT_ATTEMPTS = 5;
    final TestDnsServer dns;
    /** Fixed once {@link #config} has been written: the relay delivers to it. */
    private int smtpPort;
    private boolean portFixed;
    final int relayPort;

    private Topology(TestDnsServer dns, int smtpPort, int relayPort) {
        this.dns = dns;
        this.smtpPort = smtpPort;
        this.relayPort = relayPort;
    }

    /** @return whether this host has IPv6 loopback (the primary lives on ::1); tests skip without it */
    static boolean hasIpv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(PRIMARY), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Topology create() throws IOException {
        TestDnsServer dns = TestDnsServer.start(InetAddress.getByName("127.0.0.1"), """
                $ORIGIN example.com.
                @      300 IN SOA ns1 hostmaster 1 3600 600 86400 300
                @      300 IN NS  ns1
                @      300 IN MX  10 v6only
                @      300 IN MX  20 relay
                ns1    300 IN A   127.0.0.1
                v6only 300 IN AAAA ::1
                relay  300 IN A   127.0.0.1
                """, """
                $ORIGIN sender.example.
                @      300 IN SOA ns1 hostmaster 1 3600 600 86400 300
                @      300 IN NS  ns1
                @      300 IN MX  10 mx
                ns1    300 IN A   127.0.0.2
                mx     300 IN A   127.0.0.2
                """);
        return new Topology(dns, freePortOnBoth(), freePort());
    }

    /** One smtp-sink of the picture: where it listens and its extra options. */
    record Sink(String host, String... options) {
    }

    /**
     * Starts one smtp-sink per entry, all on {@link #smtpPort()}, in the given order. If another process has taken
     * the port, the sinks started so far are stopped and all are started again on a fresh port (bounded). Must come
     * before {@link #config}; a sink started after it (a primary that comes back) uses the port as it is.
     */
    List<SmtpSink> sinks(Path binary, Sink... sinks) throws IOException, InterruptedException {
        SmtpSink.PortTakenException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            List<SmtpSink> started = new ArrayList<>();
            try {
                for (Sink s : sinks) {
                    started.add(SmtpSink.start(binary, s.host(), smtpPort, s.options()));
                }
                return started;
            } catch (SmtpSink.PortTakenException taken) {
                last = taken;
                for (SmtpSink s : started) {
                    s.close();
                }
                if (portFixed) {
                    throw taken; // the relay already delivers to this port
                }
                smtpPort = freePortOnBoth();
            } catch (IOException | RuntimeException | InterruptedException other) {
                for (SmtpSink s : started) {
                    s.close();
                }
                throw other;
            }
        }
        throw last;
    }

    /** @return the port every SMTP server of the picture listens on (the relay's {@code smtp_port}) */
    int smtpPort() {
        return smtpPort;
    }

    /** The relay configuration for this topology (Postfix syntax), with a queue and recipient list in {@code dir}. */
    String config(Path dir, String... extra) throws IOException {
        portFixed = true;
        Path rcpts = dir.resolve("relay_recipients");
        Files.writeString(rcpts, "# the primary's mailboxes\nalice@example.com\nbob@example.com\n");
        StringBuilder sb = new StringBuilder("""
                myhostname = relay.example.com
                inet_interfaces = 127.0.0.1
                smtpd_port = %d
                relay_domains = example.com
                relay_recipient_maps = %s
                # loopback senders are the "IPv4-only Internet" here, so they are NOT trusted
                mynetworks = 192.0.2.0/24
                queue_directory = %s
                dns_servers = 127.0.0.1:%d
                smtp_port = %d
                smtp_tls_security_level = none
                smtp_connect_timeout = 3s
                minimal_backoff_time = 1h
                maximal_backoff_time = 2h
                """.formatted(relayPort, rcpts, dir.resolve("spool"), dns.port(), smtpPort));
        for (String e : extra) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** A port free on both ::1 and 127.0.0.2 (the primary and the sender's MX share smtp_port). */
    private static int freePortOnBoth() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket a = new ServerSocket()) {
                a.bind(new InetSocketAddress(InetAddress.getByName(PRIMARY), 0));
                int p = a.getLocalPort();
                try (ServerSocket b = new ServerSocket()) {
                    b.bind(new InetSocketAddress(InetAddress.getByName(SENDER_MX), p));
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free on both ::1 and 127.0.0.2");
    }

    @Override
    public void close() {
        dns.close();
    }
}
