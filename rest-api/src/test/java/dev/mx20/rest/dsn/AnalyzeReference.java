package dev.mx20.rest.dsn;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.DsnParseException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The yardstick of rest-api/src/bench/batch-ratio.sh: a JVM that runs exactly what dsn-core's JMH benchmark
 * {@code AnalyzerBenchmark.analyze} runs ({@link BounceAnalyzer#analyze} of one message after the other, the same
 * {@code .eml} files in the same order, one thread, in memory) and measures its own rate in short windows when it
 * is told to, staying idle (blocked on its standard input) in between.
 *
 * <p>Why: the machine this project is measured on changes speed by up to 2x between minutes (docs/benchmarks.md,
 * rest-api, "jit7"), so a batch post and a JMH run taken minutes apart compare two moments, not two programs. The
 * script asks for a window right before and right after each post, and divides the post's rate by the rate of its
 * own moment.
 *
 * <p>Commands, one per line on standard input; each answers one line on standard output:
 * <ul>
 *   <li>{@code window <ms> [<lead-in ms>]}: first passes over the messages for {@code lead-in} milliseconds of CPU,
 *       not measured (whatever ran on this core before, a batch post above all, has emptied the caches and branch
 *       predictors: without it the window after a post measured ~7 % slower than the next one), then whole
 *       passes (so every window has the same mix of messages) until this process has spent at least {@code ms}
 *       milliseconds of CPU; answers
 *       {@code rate <msgs per process CPU-second> <msgs per thread CPU-second> <msgs per wall-second> <messages>
 *       <process CPU ns> <JIT compilation ms>} (the last from {@link CompilationMXBean}: the script warms the
 *       reference up until it is small, as JMH's warm-up iterations do). Process CPU (all threads: GC and JIT included) is what the script measures of the
 *       server too.</li>
 *   <li>{@code quit}: ends the process.</li>
 * </ul>
 * Usage: {@code AnalyzeReference <file listing the .eml paths, one per line>}. Not a unit test.
 */
public final class AnalyzeReference {
    private AnalyzeReference() {
    }

    public static void main(String[] args) throws IOException {
        List<byte[]> list = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                list.add(Files.readAllBytes(Path.of(line)));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no messages listed in " + args[0]);
        }
        byte[][] messages = list.toArray(new byte[0][]);
        BounceAnalyzer analyzer = BounceAnalyzer.create();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        long sink = 0;
        for (String command; (command = commands.readLine()) != null; ) {
            String[] words = command.trim().split(" ");
            if (words[0].equals("quit")) {
                break;
            }
            if (!words[0].equals("window") || words.length < 2 || words.length > 3) {
                System.out.println("error: unknown command: " + command);
                continue;
            }
            long budget = Long.parseLong(words[1]) * 1_000_000L;
            long leadIn = words.length == 3 ? Long.parseLong(words[2]) * 1_000_000L : 0;
            for (long start = os.getProcessCpuTime(); os.getProcessCpuTime() - start < leadIn; ) {
                sink += pass(analyzer, messages);
            }
            long wall0 = System.nanoTime();
            long thread0 = threads.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            long jit0 = jit.getTotalCompilationTime();
            long done = 0;
            long process;
            do {
                sink += pass(analyzer, messages);
                done += messages.length;
                process = os.getProcessCpuTime() - process0;
            } while (process < budget);
            long thread = threads.getCurrentThreadCpuTime() - thread0;
            long wall = System.nanoTime() - wall0;
            System.out.printf("rate %.0f %.0f %.0f %d %d %d%n", done * 1e9 / process, done * 1e9 / thread,
                    done * 1e9 / wall, done, process, jit.getTotalCompilationTime() - jit0);
            System.out.flush();
        }
        System.err.println("checksum " + (sink & 0xff)); // keeps the analysis from being optimised away
    }

    /** One pass over every message, as JMH's {@code analyze} makes them one after the other. */
    private static long pass(BounceAnalyzer analyzer, byte[][] messages) {
        long sink = 0;
        for (byte[] m : messages) {
            try {
                sink += analyzer.analyze(m).recipients().size();
            } catch (DsnParseException e) {
                sink--; // JMH's analyze would fail on it; counted all the same
            }
        }
        return sink;
    }
}
