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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the batch readiness check: domains/s at 1, 16 and 64 concurrent lookups against a DNS
 * server on 127.0.0.1 ({@link BenchDnsServerMain}, or NSD serving {@link BenchZoneFilesMain}'s files), with the
 * CPU time of both processes (this JVM via the OperatingSystemMXBean, the server and its child processes via
 * /proc/&lt;pid&gt;/stat). Bounded: a fixed number of domains per run.
 *
 * <p>Args: port servers domains [concurrency...]. {@code servers} is the server's pid, or several
 * {@code label=pid} separated by commas (e.g. {@code unbound=123,nsd=456}: a recursive resolver and the
 * authoritative server behind it), each measured and printed apart; the first is the one the client asks. Per
 * level: a warm-up of {@code -Dbench.warmup.seconds} (default 10) of 2000-domain batches, then
 * {@code -Dbench.reps} (default 5) measured batches of all domains, each printed, then the median and range.
 * {@code -Dbench.transport=dnsjava} sends through dnsjava's {@link SimpleResolver} (a socket per query) instead
 * of the lookup's own pooled UDP transport, for an A/B. For a caching resolver: {@code -Dbench.prime=true} runs
 * one unmeasured pass over all domains after the warm-up (every answer cached: "warm"), and
 * {@code -Dbench.before.run=<shell command>} runs before each measured run, outside the measurement (e.g. an
 * {@code unbound-control flush_zone}: every domain new to the resolver, "cold"). {@code -Dbench.counter=<shell
 * command>} prints a number (e.g. the queries an authoritative server behind a resolver has answered, from
 * {@code nsd-control stats_noreset}); run before and after each measured run, the difference per query the
 * client sent is printed as "upstream/q".
 */
public final class ReadinessBenchmarkMain {
    private static final long CLK_TCK = 100; // USER_HZ on Linux

    private ReadinessBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String[]> servers = new ArrayList<>();
        for (String s : args[1].split(",")) {
            servers.add(s.contains("=") ? s.split("=", 2) : new String[]{"server", s});
        }
        int k = servers.size();
        String beforeRun = System.getProperty("bench.before.run", "");
        boolean prime = Boolean.getBoolean("bench.prime");
        String counterCommand = System.getProperty("bench.counter", "");
        int n = Integer.parseInt(args[2]);
        int[] levels = args.length > 3
                ? java.util.Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[]{1, 16, 64};
        double warmupSeconds = Double.parseDouble(System.getProperty("bench.warmup.seconds", "10"));
        int reps = Integer.getInteger("bench.reps", 5);
        List<String> domains = BenchZones.domains(n);
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        System.out.printf("warm-up %.0f s per level, %d measured runs of %d domains each%n", warmupSeconds, reps, n);
        StringBuilder cols = new StringBuilder(String.format("%-11s %4s %8s %9s %9s %10s %12s", "concurrency", "run",
                "seconds", "domains/s", "queries/s", "client CPU", "client us/q"));
        for (String[] srv : servers) {
            cols.append(String.format(" %11s %12s", trim(srv[0], 7) + " CPU", trim(srv[0], 7) + " us/q"));
        }
        String header = cols.append(String.format(" %11s %6s %s", "upstream/q", "failed",
                "loadavg(1m) before/after")).toString();
        System.out.println(header);
        List<String> summary = new ArrayList<>();
        for (int c : levels) {
            AtomicLong queries = new AtomicLong();
            DnsLookup live = lookup(server);
            DnsLookup counted = (name, type) -> {
                queries.incrementAndGet();
                return live.lookup(name, type);
            };
            MailIpv6Checker checker = new MailIpv6Checker(counted, c, Duration.ofSeconds(20));
            // warm-up by time, not by count: at thousands of domains/s a fixed count is over before the JIT is
            long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            int warmSize = Math.min(n, 2000);
            do {
                checker.checkAll(domains.subList(0, warmSize)).toCompletableFuture().get();
            } while (System.nanoTime() - warmEnd < 0);
            if (prime) {
                checker.checkAll(domains).toCompletableFuture().get();
            }
            java.util.Map<String, long[]> threadsBefore = threadCpuTicks();
            double[] rates = new double[reps];
            double[] clientUs = new double[reps];
            double[][] serverUs = new double[k][reps];
            double[] clientPct = new double[reps];
            double[][] serverPct = new double[k][reps];
            for (int r = 0; r < reps; r++) {
                if (!beforeRun.isEmpty()) {
                    runCommand(beforeRun);
                }
                long counterBefore = counter(counterCommand);
                String loadBefore = loadAverage();
                double clientBefore = clientCpuSeconds();
                double[] serverBefore = new double[k];
                for (int j = 0; j < k; j++) {
                    serverBefore[j] = serverCpuSeconds(Long.parseLong(servers.get(j)[1]));
                }
                long queriesBefore = queries.get();
                long start = System.nanoTime();
                List<MailIpv6Readiness> results = checker.checkAll(domains).toCompletableFuture().get();
                double seconds = (System.nanoTime() - start) / 1e9;
                double client = clientCpuSeconds() - clientBefore;
                long sent = queries.get() - queriesBefore; // what reached the DNS (after any cache in the checker)
                long failed = results.stream().filter(x -> x.status() != ReadinessStatus.IPV6_AND_IPV4).count();
                rates[r] = n / seconds;
                clientUs[r] = 1e6 * client / sent;
                clientPct[r] = 100 * client / seconds;
                StringBuilder line = new StringBuilder(String.format("%-11d %4d %8.2f %9.0f %9.0f %9.0f%% %12.1f", c,
                        r + 1, seconds, rates[r], sent / seconds, 100 * client / seconds, clientUs[r]));
                for (int j = 0; j < k; j++) {
                    // per query the client sent: a resolver's upstream queries are charged to the question
                    double serverCpu = serverCpuSeconds(Long.parseLong(servers.get(j)[1])) - serverBefore[j];
                    serverUs[j][r] = 1e6 * serverCpu / sent;
                    serverPct[j][r] = 100 * serverCpu / seconds;
                    line.append(String.format(" %10.0f%% %12.1f", 100 * serverCpu / seconds, serverUs[j][r]));
                }
                double upstream = (counter(counterCommand) - counterBefore) / (double) sent;
                System.out.println(line.append(String.format(" %11.2f %6d %s/%s", upstream, failed, loadBefore,
                        loadAverage())));
            }
            System.out.println("  client CPU by thread over the measured runs: " + threadShares(threadsBefore,
                    threadCpuTicks()));
            StringBuilder sum = new StringBuilder(String.format("%-11d %-22s %-22s", c, spread(rates, "%.0f"),
                    spread(clientUs, "%.1f")));
            for (int j = 0; j < k; j++) {
                sum.append(String.format(" %-22s", spread(serverUs[j], "%.1f")));
            }
            sum.append(String.format("   CPU%% client %s", spread(clientPct, "%.0f")));
            for (int j = 0; j < k; j++) {
                sum.append(String.format(", %s %s", servers.get(j)[0], spread(serverPct[j], "%.0f")));
            }
            summary.add(sum.toString());
            if (live instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        System.out.println("summary, median [min-max] of " + reps + " runs:");
        StringBuilder sumHeader = new StringBuilder(String.format("%-11s %-22s %-22s", "concurrency", "domains/s",
                "client us/query"));
        servers.forEach(srv -> sumHeader.append(String.format(" %-22s", srv[0] + " us/query")));
        System.out.println(sumHeader);
        summary.forEach(System.out::println);
        System.out.println("CPU columns: CPU seconds / wall seconds (100% = one core fully busy); transport="
                + System.getProperty("bench.transport", "pool"));
    }

    /**
     * Where the client's CPU went, by thread name (digits folded, so the pool's threads add up), with the kernel's
     * share (stime): user/kernel ticks of every thread of this process from /proc/self/task/&lt;tid&gt;/stat.
     */
    private static java.util.Map<String, long[]> threadCpuTicks() {
        java.util.Map<String, long[]> ticks = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(t.getFileName() + " " + stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                            new long[]{Long.parseLong(f[11]), Long.parseLong(f[12])});
                } catch (java.io.IOException e) {
                    // the thread ended
                }
            }
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks.put("process", new long[]{Long.parseLong(f[11]), Long.parseLong(f[12])});
        } catch (java.io.IOException e) {
            // not Linux: no breakdown
        }
        return ticks;
    }

    private static String threadShares(java.util.Map<String, long[]> before, java.util.Map<String, long[]> after) {
        java.util.Map<String, long[]> byName = new java.util.TreeMap<>();
        long[] process = after.getOrDefault("process", new long[2]);
        long[] processBefore = before.getOrDefault("process", new long[2]);
        long total = process[0] + process[1] - processBefore[0] - processBefore[1];
        long sys = process[1] - processBefore[1];
        long[] ended = {process[0] - processBefore[0], process[1] - processBefore[1]};
        for (var e : after.entrySet()) {
            if (e.getKey().equals("process")) {
                continue;
            }
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long u = e.getValue()[0] - b[0];
            long k = e.getValue()[1] - b[1];
            String name = e.getKey().substring(e.getKey().indexOf(' ') + 1).replaceAll("[0-9]+", "N");
            long[] sum = byName.computeIfAbsent(name, x -> new long[2]);
            sum[0] += u;
            sum[1] += k;
            ended[0] -= u;
            ended[1] -= k;
        }
        if (ended[0] + ended[1] > 0) { // tick rounding can make it slightly negative when none ended
            byName.put("(threads that ended)", ended);
        }
        if (total == 0) {
            return "n/a";
        }
        long all = total;
        StringBuilder out = new StringBuilder(String.format("kernel %.0f%%;", 100.0 * sys / all));
        byName.entrySet().stream().filter(e -> e.getValue()[0] + e.getValue()[1] > 0)
                .sorted((x, y) -> Long.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]))
                .limit(6).forEach(e -> out.append(String.format(" %s %.0f%% (kernel %.0f%%)", e.getKey(),
                        100.0 * (e.getValue()[0] + e.getValue()[1]) / all,
                        100.0 * e.getValue()[1] / Math.max(1, e.getValue()[0] + e.getValue()[1]))));
        return out.toString();
    }

    /** Median and range: on a shared machine one run says little, the spread says how much to trust it. */
    private static String spread(double[] values, String format) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return String.format(format + " [" + format + "-" + format + "]", median, v[0], v[v.length - 1]);
    }

    private static DnsLookup lookup(InetSocketAddress server) {
        if ("dnsjava".equals(System.getProperty("bench.transport"))) {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(Duration.ofSeconds(2));
            return new LiveDnsLookup(resolver, Duration.ofSeconds(2));
        }
        return LiveDnsLookup.servers(List.of(server), Duration.ofSeconds(2));
    }

    private static String trim(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Runs a shell command to its end and gives its output; a failure stops the benchmark. */
    private static String runCommand(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("command failed (" + p.exitValue() + "): " + command + "\n" + out);
        }
        return out.strip();
    }

    /** The number {@code -Dbench.counter} prints (0 when not set). */
    private static long counter(String command) throws Exception {
        return command.isEmpty() ? 0 : Long.parseLong(runCommand(command));
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
