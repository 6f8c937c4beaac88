package dev.mx20.relay.validate.bench;

import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.dns.LiveDnsLookup;
import org.xbill.DNS.SimpleResolver;
import dev.mx20.relay.validate.readiness.MailIpv6Checker;
import dev.mx20.relay.validate.readiness.MailIpv6Readiness;
import dev.mx20.relay.validate.readiness.ReadinessStatus;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the batch readiness check: domains/s at 1, 16 and 64 concurrent lookups against a DNS
 * server on 127.0.0.1 ({@link BenchDnsServerMain}, or NSD serving {@link BenchZoneFilesMain}'s files), with the
 * CPU time of both processes (this JVM via the OperatingSystemMXBean, the server and its child processes via
 * /proc/&lt;pid&gt;/stat). Bounded: a fixed number of domains per run.
 *
 * <p>Args: port serverPid domains [concurrency...]. {@code -Dbench.transport=dnsjava} sends through dnsjava's
 * {@link SimpleResolver} (a socket per query) instead of the lookup's own pooled UDP transport, for an A/B.
 */
public final class ReadinessBenchmarkMain {
    private static final long CLK_TCK = 100; // USER_HZ on Linux

    private ReadinessBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long serverPid = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]);
        int[] levels = args.length > 3
                ? java.util.Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[]{1, 16, 64};
        List<String> domains = BenchZones.domains(n);
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        System.out.printf("%-11s %7s %8s %9s %9s %10s %10s %12s %12s %6s %s%n", "concurrency", "domains", "seconds",
                "domains/s", "queries/s", "client CPU", "server CPU", "client us/q", "server us/q", "failed",
                "loadavg(1m) before/after");
        for (int c : levels) {
            AtomicLong queries = new AtomicLong();
            DnsLookup live = lookup(server);
            DnsLookup counted = (name, type) -> {
                queries.incrementAndGet();
                return live.lookup(name, type);
            };
            MailIpv6Checker checker = new MailIpv6Checker(counted, c, Duration.ofSeconds(20));
            checker.checkAll(domains.subList(0, Math.min(n, 500))).toCompletableFuture().get(); // warm-up
            String loadBefore = loadAverage();
            double clientBefore = clientCpuSeconds();
            double serverBefore = serverCpuSeconds(serverPid);
            long queriesBefore = queries.get();
            long start = System.nanoTime();
            List<MailIpv6Readiness> results = checker.checkAll(domains).toCompletableFuture().get();
            double seconds = (System.nanoTime() - start) / 1e9;
            double client = clientCpuSeconds() - clientBefore;
            double serverCpu = serverCpuSeconds(serverPid) - serverBefore;
            long sent = queries.get() - queriesBefore; // what reached the DNS (after any cache in the checker)
            long failed = results.stream().filter(r -> r.status() != ReadinessStatus.IPV6_AND_IPV4).count();
            System.out.printf("%-11d %7d %8.2f %9.0f %9.0f %9.0f%% %9.0f%% %12.0f %12.0f %6d %s/%s%n", c, n, seconds,
                    n / seconds, sent / seconds, 100 * client / seconds, 100 * serverCpu / seconds, 1e6 * client / sent,
                    1e6 * serverCpu / sent, failed, loadBefore, loadAverage());
        }
        System.out.println("CPU columns: CPU seconds / wall seconds (100% = one core fully busy); transport="
                + System.getProperty("bench.transport", "pool"));
    }

    private static DnsLookup lookup(InetSocketAddress server) {
        if ("dnsjava".equals(System.getProperty("bench.transport"))) {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(Duration.ofSeconds(2));
            return new LiveDnsLookup(resolver, Duration.ofSeconds(2));
        }
        return LiveDnsLookup.servers(List.of(server), Duration.ofSeconds(2));
    }

    /** The machine is shared: the 1-minute load average says how much CPU the two processes could get. */
    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static double clientCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** CPU of the server process and its children (NSD forks its server and xfrd processes). */
    private static double serverCpuSeconds(long pid) throws Exception {
        double total = cpuSeconds(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            total += cpuSeconds(child.pid());
        }
        return total;
    }

    /** utime + stime of one process, fields 14 and 15 of /proc/&lt;pid&gt;/stat (after the "(comm)"). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLK_TCK;
        } catch (java.io.IOException e) {
            return 0; // the process ended
        }
    }
}
