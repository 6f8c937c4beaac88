package dev.mx20.relay.validate.bench;

import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.validate.readiness.MailIpv6Checker;
import dev.mx20.relay.validate.readiness.MailIpv6Readiness;
import dev.mx20.relay.validate.readiness.MxHostReadiness;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The identical-results check of a change to the readiness client: prints the checker's result for every bench
 * domain (and for as many names that do not exist, and hosts without MX, so negative answers are covered too),
 * one line each, without the elapsed time, against a DNS server on 127.0.0.1. Run it with the main classes of
 * two builds against the same server and compare the outputs. Args: port domains [concurrency].
 */
public final class ReadinessDumpMain {
    private ReadinessDumpMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        List<String> names = new ArrayList<>(BenchZones.domains(n));
        for (int i = 0; i < n; i++) {
            names.add("missing" + i + ".bench.example"); // NXDOMAIN
            names.add("relay.d" + i + ".bench.example"); // no MX: the implicit MX, RFC 5321 §5.1
        }
        try (LiveDnsLookup dns = LiveDnsLookup.servers(
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)), Duration.ofSeconds(5))) {
            List<MailIpv6Readiness> results = new MailIpv6Checker(dns, concurrency, Duration.ofSeconds(20))
                    .checkAll(names).toCompletableFuture().get();
            for (MailIpv6Readiness r : results) {
                StringBuilder line = new StringBuilder(new MailIpv6Readiness(r.domain(), r.status(), r.nullMx(),
                        r.implicitMx(), List.of(), r.allMxHaveIpv6(), r.errors(), 0).toString());
                for (MxHostReadiness h : r.mxHosts()) {
                    // the PTR map is an unordered Map.copyOf, whose order differs from one JVM to the next
                    line.append(" | ").append(h.host()).append(' ').append(h.preference()).append(' ').append(h.ipv6())
                            .append(' ').append(h.ipv4()).append(' ').append(new TreeMap<>(h.ptr())).append(' ')
                            .append(h.alias());
                }
                System.out.println(line);
            }
        }
    }
}
