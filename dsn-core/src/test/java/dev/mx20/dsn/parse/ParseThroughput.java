package dev.mx20.dsn.parse;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.DsnLimits;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A quick, single-threaded throughput check (not a unit test, not a JMH benchmark): parses every {@code .eml} of
 * a directory repeatedly and prints messages per CPU-second for (1) mime4j alone walking every token and reading
 * every body, (2) {@link ReportParser}, (3) {@link BounceAnalyzer} (parse + classify). Thread CPU time is used
 * instead of wall time so that other processes on a shared machine distort the ratio less. Usage:
 * {@code ParseThroughput <eml-dir> [rounds]}; see docs/parsing.md.
 */
public final class ParseThroughput {
    private static final MimeConfig CONFIG = new MimeConfig.Builder().setStrictParsing(false)
            .setMaxLineLen(64 * 1024).setMaxHeaderLen(64 * 1024).build();
    private static long sink;

    private ParseThroughput() {
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(args[0]), "*.eml")) {
            for (Path p : dir) {
                messages.add(Files.readAllBytes(p));
            }
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 14;
        ReportParser parser = new ReportParser(DsnLimits.DEFAULT);
        BounceAnalyzer analyzer = BounceAnalyzer.create();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int reps = 20;
        for (int round = 1; round <= rounds; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                for (byte[] m : messages) {
                    mime4jOnly(m);
                }
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                for (byte[] m : messages) {
                    sink += parser.parse(new ByteArrayInputStream(m)).recipients().size();
                }
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                for (byte[] m : messages) {
                    sink += analyzer.analyze(m).recipients().size();
                }
            }
            long t3 = cpu.getCurrentThreadCpuTime();
            double n = (double) reps * messages.size();
            System.out.printf(Locale.ROOT, "round %2d: mime4j %8.0f msg/s  parse %8.0f msg/s (%.2fx mime4j)  "
                    + "parse+classify %8.0f msg/s%n", round, n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9),
                    (double) (t2 - t1) / (t1 - t0), n / ((t3 - t2) / 1e9));
        }
        System.out.println("(checksum " + sink + ")");
    }

    /** mime4j's own work: every token, every field body, every decoded body byte. */
    private static void mime4jOnly(byte[] message) throws Exception {
        MimeTokenStream stream = new MimeTokenStream(CONFIG);
        stream.parse(new ByteArrayInputStream(message));
        byte[] buf = new byte[8192];
        for (EntityState s = stream.getState(); s != EntityState.T_END_OF_STREAM; s = stream.next()) {
            if (s == EntityState.T_FIELD) {
                sink += stream.getField().getBody().length();
            } else if (s == EntityState.T_BODY) {
                try (InputStream in = stream.getDecodedInputStream()) {
                    int k;
                    while ((k = in.read(buf)) > 0) {
                        sink += buf[0] + k;
                    }
                }
            }
        }
    }
}
