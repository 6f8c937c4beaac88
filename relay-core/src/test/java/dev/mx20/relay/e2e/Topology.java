package dev.mx20.relay.e2e;

import dev.mx20.relay.testdns.TestDnsServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The relay's world on loopback, modelled on the zone:
 * <pre>
 * example.com.         MX 10 v6only.example.com.   (AAAA ::1 only: the IPv6-only primary, an smtp-sink)
 *                      MX 20 relay.example.com.    (A 127.0.0.1: the relay under test)
 * sender.example.      MX 10 mx.sender.example.    (A 127.0.0.2 only: an IPv4-only sender's server)
 * </pre>
 * Every SMTP server in the picture listens on the same port number {@link #smtpPort} (the relay's
 * {@code smtp_port}), each on its own address; the relay itself listens on another port.
 */
final class Topology implements AutoCloseable {
    static final String PRIMARY = "::1";
    static final String SENDER_MX = "127.0.0.2";

    final TestDnsServer dns;
    final int smtpPort;
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

    /** The relay configuration for this topology (Postfix syntax), with a queue and recipient list in {@code dir}. */
    String config(Path dir, String... extra) throws IOException {
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
