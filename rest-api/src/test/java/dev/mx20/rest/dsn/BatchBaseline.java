package dev.mx20.rest.dsn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.DsnParseException;
import dev.mx20.dsn.mbox.MboxMessage;
import dev.mx20.dsn.mbox.MboxReader;
import dev.mx20.rest.dsn.json.BatchEntryJson;
import dev.mx20.rest.problem.Problem;
import dev.mx20.rest.problem.ProblemException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The "100 %" of the batch benchmark (rest-api/src/bench/batch-bench.sh): what one thread of this machine does
 * with exactly the messages of the benchmark's mailbox, without HTTP. Two kinds of pass over the mailbox
 * alternate, each timed in thread CPU time (which leaves out time spent waiting for a core on a shared machine):
 * <ul>
 *   <li>{@code analyze}: {@link BounceAnalyzer#analyze} of every message, already split, in memory (the cost
 *       dsn-core's JMH {@code analyze} measures, on these messages);</li>
 *   <li>{@code service}: the batch endpoint's own work minus HTTP: split the mbox bytes with {@link MboxReader},
 *       {@link MessageClassifier#analyse}, and write NDJSON entries with {@link NdjsonWriter} to a sink;</li>
 *   <li>{@code summary}: the same for the summary answer ({@code Accept: application/json}): split, analyse, count
 *       with {@link BatchSummarizer}; no JSON per message;</li>
 *   <li>{@code analyze x2}: two threads at once, each doing an {@code analyze} pass (CPU time of both, per
 *       message analysed): whether two cores analysing side by side cost more per message than one (shared
 *       caches, a busy host), i.e. the fair "100 %" for the batch endpoint's parallel analysis.</li>
 * </ul>
 * Not a unit test. Usage: {@code BatchBaseline <mbox file> [measured passes (10)] [warm-up passes (10)]}.
 */
public final class BatchBaseline {
    private BatchBaseline() {
    }

    public static void main(String[] args) throws IOException {
        byte[] mbox = Files.readAllBytes(Path.of(args[0]));
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        BounceAnalyzer analyzer = BounceAnalyzer.create();
        MessageClassifier classifier = new MessageClassifier(analyzer);
        ObjectWriter entries = NdjsonWriter.writerFor(new ObjectMapper(), BatchEntryJson.class);

        List<byte[]> messages = new ArrayList<>();
        MboxReader split = new MboxReader(new ByteArrayInputStream(mbox), Long.MAX_VALUE, Long.MAX_VALUE);
        split.open();
        for (MboxMessage m; (m = split.next()) != null; ) {
            messages.add(m.content());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] analyze = new long[passes];
        long[] service = new long[passes];
        long[] summary = new long[passes];
        long[] pair = new long[passes];
        long sink = 0;
        for (int pass = -warmup; pass < passes; pass++) {
            long both = analyzeSideBySide(analyzer, messages, threads);
            if (pass >= 0) {
                pair[pass] = both / 2;
            }
            for (int k = 0; k < 3; k++) {
                int kind = (k + pass + warmup) % 3; // each kind first, second and third in turn
                long start = threads.getCurrentThreadCpuTime();
                sink += switch (kind) {
                    case 0 -> analyzeAll(analyzer, messages);
                    case 1 -> servicePass(classifier, entries, mbox);
                    default -> summaryPass(classifier, mbox);
                };
                long cpu = threads.getCurrentThreadCpuTime() - start;
                if (pass >= 0) {
                    (kind == 0 ? analyze : kind == 1 ? service : summary)[pass] = cpu;
                }
            }
        }
        Arrays.sort(analyze);
        Arrays.sort(service);
        Arrays.sort(summary);
        Arrays.sort(pair);
        System.out.printf("%d messages, %d bytes; %d measured passes of each kind after %d warm-up (checksum %d)%n",
                messages.size(), mbox.length, passes, warmup, sink & 0xff);
        for (int percent : new int[] {0, 25, 50}) {
            int i = passes * percent / 100;
            System.out.printf("p%-3d analyze %,8.0f msgs per CPU-second   service (split+analyse+NDJSON) %,8.0f   "
                    + "service/analyze %.3f   summary (split+analyse+count) %,8.0f   summary/analyze %.3f   "
                    + "analyze x2 %,8.0f per thread CPU-second%n", percent,
                    messages.size() * 1e9 / analyze[i], messages.size() * 1e9 / service[i],
                    (double) analyze[i] / service[i], messages.size() * 1e9 / summary[i],
                    (double) analyze[i] / summary[i], messages.size() * 1e9 / pair[i]);
        }
    }

    /** Two threads, each an analyze pass, at the same time; returns the CPU time of both. */
    private static long analyzeSideBySide(BounceAnalyzer analyzer, List<byte[]> messages, ThreadMXBean threads) {
        long[] cpu = new long[2];
        Thread[] pair = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int which = t;
            pair[t] = new Thread(() -> {
                long start = threads.getCurrentThreadCpuTime();
                analyzeAll(analyzer, messages);
                cpu[which] = threads.getCurrentThreadCpuTime() - start;
            });
            pair[t].start();
        }
        for (Thread t : pair) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return cpu[0] + cpu[1];
    }

    private static long analyzeAll(BounceAnalyzer analyzer, List<byte[]> messages) {
        long sink = 0;
        for (byte[] m : messages) {
            try {
                sink += analyzer.analyze(m).recipients().size();
            } catch (DsnParseException e) {
                sink--; // a fixture that is not a message: the service answers it with an error entry
            }
        }
        return sink;
    }

    private static long servicePass(MessageClassifier classifier, ObjectWriter entries, byte[] mbox)
            throws IOException {
        CountingSink out = new CountingSink();
        MboxReader reader = new MboxReader(new ByteArrayInputStream(mbox), 10L << 20, Long.MAX_VALUE);
        reader.open();
        try (NdjsonWriter ndjson = new NdjsonWriter(entries, out)) {
            for (MboxMessage m; (m = reader.next()) != null; ) {
                BatchEntryJson entry;
                try {
                    entry = new BatchEntryJson(m.index(), m.envelopeSender(), m.size(), classifier.analyse(m.content()),
                            null);
                } catch (RuntimeException e) {
                    entry = new BatchEntryJson(m.index(), m.envelopeSender(), m.size(), null, null);
                }
                ndjson.write(entry);
            }
        }
        return out.count;
    }

    private static long summaryPass(MessageClassifier classifier, byte[] mbox) throws IOException {
        BatchSummarizer summary = new BatchSummarizer();
        MboxReader reader = new MboxReader(new ByteArrayInputStream(mbox), 10L << 20, Long.MAX_VALUE);
        reader.open();
        for (MboxMessage m; (m = reader.next()) != null; ) {
            try {
                summary.add(classifier.analyse(m.content()));
            } catch (ProblemException e) {
                summary.addError(Problem.of(e.type(), e.status(), e.getMessage(), "/dsn/classify/batch"));
            }
        }
        return summary.summary(10).analysed();
    }

    /** Counts the bytes, keeps none. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
