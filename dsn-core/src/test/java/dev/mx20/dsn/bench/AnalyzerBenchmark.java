package dev.mx20.dsn.bench;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.DsnParseException;
import dev.mx20.dsn.classify.Classifier;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.MimeConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Throughput of dsn-core over a corpus of real bounces held in memory, one thread, one message per operation
 * (so ops/s = messages/s), next to mime4j alone parsing the same bytes, so that the cost of parsing and
 * classifying on top of MIME parsing is visible.
 *
 * <p>Run (docs/benchmarks.md): {@code ./mvnw -q -pl dsn-core test-compile exec:exec@jmh}; the corpus directory is
 * the JMH parameter {@code corpus} (default {@code ../shared/bounce-corpus}, every {@code *.eml} in it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AnalyzerBenchmark {

    @Param("../shared/bounce-corpus")
    public String corpus;

    private byte[][] messages;
    private BounceReport[] reports;
    private int next;
    private final Classifier classifier = new Classifier();
    private final BounceAnalyzer analyzer = BounceAnalyzer.create();
    private final MimeConfig mimeConfig = MimeConfig.PERMISSIVE;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path dir = Path.of(corpus);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("corpus directory not found: " + dir.toAbsolutePath()
                    + " (pass -p corpus=<dir> to JMH, or -Dcorpus.dir=<dir> to Maven)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> eml = files.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
            messages = new byte[eml.size()][];
            for (int i = 0; i < messages.length; i++) {
                messages[i] = Files.readAllBytes(eml.get(i));
            }
        }
        if (messages.length == 0) {
            throw new IllegalStateException("no .eml files in " + dir.toAbsolutePath());
        }
        reports = new BounceReport[messages.length];
        for (int i = 0; i < messages.length; i++) {
            try {
                reports[i] = analyzer.analyze(messages[i]);
            } catch (DsnParseException e) {
                reports[i] = new BounceReport(null, null, null, null, null, null, null, null, null, null, null);
            }
        }
    }

    private byte[] nextMessage() {
        byte[] m = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        return m;
    }

    /** dsn-core: parse and classify one message. */
    @Benchmark
    public BounceReport analyze() throws DsnParseException {
        return analyzer.analyze(nextMessage());
    }

    /** The classifier alone: every recipient of one already parsed report classified again. */
    @Benchmark
    public int classifyOnly() {
        BounceReport report = reports[next];
        next = next + 1 == reports.length ? 0 : next + 1;
        int hash = 0;
        for (RecipientReport r : report.recipients()) {
            hash += classifier.classify(report, r).cause().length();
        }
        return hash;
    }

    /** mime4j alone, streaming: every MIME event of the message delivered to a handler that ignores it. */
    @Benchmark
    public int mime4jStream() throws IOException, MimeException {
        MimeStreamParser parser = new MimeStreamParser(mimeConfig);
        Counter counter = new Counter();
        parser.setContentHandler(counter);
        parser.parse(new ByteArrayInputStream(nextMessage()));
        return counter.bodies;
    }

    /** mime4j alone, building the message DOM (what a typical mime4j user does). */
    @Benchmark
    public Message mime4jDom() {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(mimeConfig);
        try {
            return builder.parseMessage(new ByteArrayInputStream(nextMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts bodies so that the parse cannot be optimised away; reads nothing. */
    private static final class Counter extends AbstractContentHandler {
        int bodies;

        @Override
        public void body(org.apache.james.mime4j.stream.BodyDescriptor bd, java.io.InputStream is) {
            bodies++;
        }
    }
}
