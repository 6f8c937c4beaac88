package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The MIME stage's floor (not a unit test): CPU time per message of mime4j's {@link MimeTokenStream} driven in
 * ever cheaper ways over the same bytes with the same {@link MimeConfig} as {@link MimeReader}, beside
 * {@code MimeReader.read} itself, so the gap between what mime4j must do and what the stage adds is a number.
 * Variants, each a pass over every message, interleaved round by round, median of the rounds:
 * <ul>
 *   <li>{@code bare-default}: mime4j's own field and descriptor builders, every token visited, no field kept, no
 *       body read (mime4j still scans each body for the next boundary);</li>
 *   <li>{@code bare-lean}: the same with {@link LeanFieldBuilder} and {@link LeanBodyDescriptorBuilder};</li>
 *   <li>{@code structure}: {@code bare-lean} building only the {@code Content-} fields (the least that yields the
 *       MIME structure: {@link LeanFieldBuilder#keeping} with {@code KEEP_CONTENT} in every header);</li>
 *   <li>{@code drain}: {@code structure} plus the transfer-decoded bytes of the parts {@code MimeReader} decodes
 *       read into one reused buffer;</li>
 *   <li>{@code strings}: {@code drain} plus those bytes made Strings (Latin-1 or the declared charset);</li>
 *   <li>{@code mimereader}: {@code MimeReader.read(byte[])}, the stage as {@code ReportParser} runs it.</li>
 * </ul>
 * Usage: {@code MimeStageFloor <eml dir> [rounds] [passes per round] [variant seconds]} (the last two: run one
 * variant alone, for a profiler); docs/benchmarks.md, "mime8".
 */
public final class MimeStageFloor {
    private static final DsnLimits LIMITS = DsnLimits.DEFAULT;
    private static final MimeConfig CONFIG = new MimeConfig.Builder()
            .setStrictParsing(false)
            .setMaxHeaderLen(LIMITS.maxHeaderBytes())
            .setMaxHeaderCount(LIMITS.maxHeaderCount())
            .setMaxLineLen(Math.max(MimeReader.MAX_LINE_BYTES, LIMITS.maxHeaderBytes()))
            .setMalformedHeaderStartsBody(true)
            .build();
    private static final byte[] BUFFER = new byte[256 * 1024];
    private static long sink;

    private MimeStageFloor() {
    }

    private interface Variant {
        void run(byte[] message) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                messages.add(Files.readAllBytes(p));
            }
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        MimeReader reader = new MimeReader(LIMITS);
        String[] names = {"bare-default", "bare-lean", "structure", "drain", "strings", "mimereader"};
        Variant[] variants = {
            m -> walk(m, new MimeTokenStream(CONFIG), 0),
            m -> walk(m, lean(-1), 0),
            m -> walk(m, lean(MimeReader.KEEP_CONTENT), 0),
            m -> walk(m, lean(MimeReader.KEEP_CONTENT), 1),
            m -> walk(m, lean(MimeReader.KEEP_CONTENT), 2),
            m -> sink += reader.read(m).parts().size(),
        };
        if (args.length > 3) { // profiling: one variant alone for the given seconds
            int v = Arrays.asList(names).indexOf(args[3]);
            long end = System.nanoTime() + Long.parseLong(args.length > 4 ? args[4] : "30") * 1_000_000_000L;
            while (System.nanoTime() < end) {
                for (byte[] m : messages) {
                    variants[v].run(m);
                }
            }
            return;
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int w = 0; w < 3000; w++) { // warm-up: C2 for every variant
            for (Variant v : variants) {
                for (byte[] m : messages) {
                    v.run(m);
                }
            }
        }
        double[][] perMessage = new double[variants.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < variants.length; k++) {
                int v = (k + r) % variants.length; // rotate the order: no variant always follows the same one
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int p = 0; p < passes; p++) {
                    for (byte[] m : messages) {
                        variants[v].run(m);
                    }
                }
                perMessage[v][r] = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / passes / messages.size();
            }
        }
        System.out.printf(Locale.ROOT, "%d messages, %d rounds x %d passes, CPU us per message (p25 / median)%n",
                messages.size(), rounds, passes);
        for (int v = 0; v < variants.length; v++) {
            Arrays.sort(perMessage[v]);
            System.out.printf(Locale.ROOT, "%-13s %6.2f / %6.2f%n", names[v], perMessage[v][rounds / 4],
                    perMessage[v][rounds / 2]);
        }
        System.out.println("(checksum " + (sink & 0xff) + ")");
    }

    private static MimeTokenStream lean(int keep) {
        LeanFieldBuilder fields = new LeanFieldBuilder(CONFIG.getMaxHeaderLen());
        fields.keeping(keep);
        return new MimeTokenStream(CONFIG, DecodeMonitor.SILENT, fields, new LeanBodyDescriptorBuilder());
    }

    /** @param bodies 0 = leave bodies unread, 1 = read the decoded bytes of wanted parts, 2 = and make Strings */
    private static void walk(byte[] message, MimeTokenStream stream, int bodies) throws Exception {
        stream.parse(new ByteArrayInputStream(message));
        int depth = 0;
        for (EntityState s = stream.getState(); s != EntityState.T_END_OF_STREAM; s = stream.next()) {
            if (s == EntityState.T_START_MESSAGE) {
                depth++;
            } else if (s == EntityState.T_END_MESSAGE) {
                depth--;
            } else if (s == EntityState.T_BODY && bodies > 0) {
                BodyDescriptor bd = stream.getBodyDescriptor();
                String type = bd.getMimeType();
                boolean wanted = depth > 1 ? type.endsWith("delivery-status")
                        : type.startsWith("text/") || type.startsWith("message/");
                if (wanted) {
                    int n = 0;
                    try (InputStream in = stream.getDecodedInputStream()) {
                        for (int r; n < BUFFER.length && (r = in.read(BUFFER, n, BUFFER.length - n)) > 0; ) {
                            n += r;
                        }
                    }
                    if (bodies > 1) {
                        String cs = bd.getCharset();
                        sink += (cs == null || cs.equalsIgnoreCase("us-ascii")
                                ? new String(BUFFER, 0, n, StandardCharsets.ISO_8859_1)
                                : new String(BUFFER, 0, n, MimeReader.charset(cs))).length();
                    } else {
                        sink += n;
                    }
                }
            }
        }
    }
}
