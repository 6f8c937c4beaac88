package dev.mx20.dsn.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A/B of two builds of dsn-core in one JVM, for a shared machine where JMH's wall-clock scores drown in other
 * processes' load: each build's classes get their own class loader (with mime4j from this class path), and
 * passes of {@code BounceAnalyzer.analyze} over the whole corpus alternate between A and B (ABBA order, after
 * 200 warm-up passes each). Each pass is timed in thread CPU time, which excludes the time the thread waits
 * for a core; the quantiles of both builds' pass times are printed with their ratio. Not a unit test; see
 * docs/benchmarks.md ("dsn-core speed"). Usage:
 * {@code InterleavedAb <classes dir A> <classes dir B> <eml dir> [passes] [max message bytes]}; with
 * {@code -Dab.stage=mime} the passes time the MIME stage alone ({@code MimeReader.read}) instead of {@code analyze}.
 */
public final class InterleavedAb {
    private InterleavedAb() {
    }

    private interface Analyze {
        Object run(byte[] message) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int passes = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int maxBytes = args.length > 4 ? Integer.parseInt(args[4]) : Integer.MAX_VALUE;
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[2]))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                byte[] b = Files.readAllBytes(p);
                if (b.length <= maxBytes) {
                    messages.add(b);
                }
            }
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no .eml files in " + args[2]);
        }
        Analyze[] builds = {build(args[0]), build(args[1])};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] nanos = new long[2][passes];
        long sink = 0;
        for (int pass = -200; pass < passes; pass++) {
            for (int k = 0; k < 2; k++) {
                int which = (pass & 1) == 0 ? k : 1 - k;
                long start = threads.getCurrentThreadCpuTime();
                for (byte[] m : messages) {
                    sink += builds[which].run(m).hashCode();
                }
                if (pass >= 0) {
                    nanos[which][pass] = threads.getCurrentThreadCpuTime() - start;
                }
            }
        }
        Arrays.sort(nanos[0]);
        Arrays.sort(nanos[1]);
        System.out.printf("%d messages, %d passes per build (checksum %d)%n", messages.size(), passes, sink & 0xff);
        for (int percent : new int[] {0, 10, 25, 50}) {
            int i = passes * percent / 100;
            System.out.printf("p%-3d A %,9.0f msg/s   B %,9.0f msg/s   B/A %.3f%n", percent,
                    messages.size() * 1e9 / nanos[0][i], messages.size() * 1e9 / nanos[1][i],
                    (double) nanos[0][i] / nanos[1][i]);
        }
    }

    private static Analyze build(String classes) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(classes).toUri().toURL());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("mime4j") || entry.contains("commons-io")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        if ("mime".equals(System.getProperty("ab.stage"))) {
            // The MIME stage alone (MimeReader.read, package-private): its part count as the checksum, because
            // the ParsedMail's own hashCode would build every header value the stage leaves unbuilt.
            Class<?> reader = loader.loadClass("dev.mx20.dsn.parse.MimeReader");
            Class<?> limits = loader.loadClass("dev.mx20.dsn.DsnLimits");
            java.lang.reflect.Constructor<?> make = reader.getDeclaredConstructor(limits);
            make.setAccessible(true);
            Object instance = make.newInstance(limits.getField("DEFAULT").get(null));
            Method read = reader.getDeclaredMethod("read", byte[].class);
            read.setAccessible(true);
            Method parts = loader.loadClass("dev.mx20.dsn.parse.ParsedMail").getDeclaredMethod("parts");
            parts.setAccessible(true);
            return message -> ((List<?>) parts.invoke(read.invoke(instance, (Object) message))).size();
        }
        Class<?> type = loader.loadClass("dev.mx20.dsn.BounceAnalyzer");
        Object analyzer = type.getMethod("create").invoke(null);
        Method analyze = type.getMethod("analyze", byte[].class);
        return message -> analyze.invoke(analyzer, (Object) message);
    }
}
