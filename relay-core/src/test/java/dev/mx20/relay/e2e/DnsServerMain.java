package dev.mx20.relay.e2e;

import dev.mx20.relay.testdns.TestDnsServer;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link TestDnsServer} as a process, for the network-namespace topology script:
 * {@code DnsServerMain <bind-address> <port-file> <zone-file>...}. It writes the UDP/TCP port it listens on to
 * {@code port-file} and serves until killed.
 */
public final class DnsServerMain {
    private DnsServerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: DnsServerMain <bind-address> <port-file> <zone-file>...");
            System.exit(64);
        }
        List<String> zones = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            zones.add(Files.readString(Path.of(args[i]), StandardCharsets.UTF_8));
        }
        TestDnsServer dns = TestDnsServer.start(InetAddress.getByName(args[0]), zones.toArray(new String[0]));
        Path tmp = Path.of(args[1] + ".tmp");
        Files.writeString(tmp, Integer.toString(dns.port()));
        Files.move(tmp, Path.of(args[1]), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
