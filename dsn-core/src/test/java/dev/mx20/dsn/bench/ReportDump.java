package dev.mx20.dsn.bench;

import dev.mx20.dsn.BounceAnalyzer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The "same results" check of a speed change: writes {@code BounceReport.toString()} of every file under the given
 * directories, read through both entry points ({@code analyze(byte[])} and {@code analyze(InputStream)}), into one
 * text file; run it on the class directory before and after a change and compare the two files byte for byte
 * ({@code cmp}). All messages are analysed by one analyzer in one thread, in file-name order, so state leaking from
 * one message into the next shows up too. Not a unit test; see docs/benchmarks.md ("dsn-core speed"). Usage:
 * {@code ReportDump <output file> <directory>...}.
 */
public final class ReportDump {
    private ReportDump() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ReportDump <output file> <directory>...");
        }
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            try (Stream<Path> walk = Files.walk(Path.of(args[i]))) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        BounceAnalyzer analyzer = BounceAnalyzer.create();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            for (Path p : files) {
                byte[] bytes = Files.readAllBytes(p);
                String inMemory = describe(() -> analyzer.analyze(bytes));
                String streamed = describe(() -> analyzer.analyze(new ByteArrayInputStream(bytes)));
                out.println("== " + p);
                out.println(inMemory);
                out.println(inMemory.equals(streamed) ? "(stream same)" : "STREAM: " + streamed);
            }
        }
        System.out.println(files.size() + " files");
    }

    private interface Analysis {
        Object run() throws Exception;
    }

    /** The report as text, or the exception: a change that makes a message throw must show in the dump too. */
    private static String describe(Analysis analysis) {
        try {
            return String.valueOf(analysis.run());
        } catch (Exception e) {
            return "EXC " + e;
        }
    }
}
