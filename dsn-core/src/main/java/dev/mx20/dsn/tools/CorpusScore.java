package dev.mx20.dsn.tools;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.DsnParseException;
import dev.mx20.dsn.MailboxEntry;
import dev.mx20.dsn.mbox.MboxReader;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;
import dev.mx20.dsn.taxonomy.Category;
import dev.mx20.dsn.taxonomy.Classification;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures how well {@link BounceAnalyzer} agrees with a labelled bounce corpus (see {@link Manifest}).
 *
 * <p>Usage: {@code CorpusScore <eml-dir> <manifest.tsv> [--disagreements <file>|-]}. Prints, deterministically:
 * <ul>
 *   <li><b>reason agreement</b>: labelled recipients whose category equals the label, where the names Sisimai
 *       merged in 2025 count as equal ({@link Category#fromId}); labels {@code delivered}, {@code vacation} and
 *       {@code feedback} also agree when the report kind says the same;</li>
 *   <li><b>status agreement</b>: labelled recipients with an expected status whose status is the same;</li>
 *   <li><b>detection</b>: files whose failure / non-failure verdict and recipient count match the labels;</li>
 *   <li>a per-family table, and the list of disagreements (to stdout with {@code -}, otherwise to the file).</li>
 * </ul>
 * A file that is a mailbox ({@link BounceAnalyzer#analyzeMailbox}, RFC 4155) is scored as the labels number
 * it: the recipients of its messages in order; any other file is one message.
 * The exit status is 0 whenever the corpus could be read: this is a measurement, not a test.
 */
public final class CorpusScore {
    /** Labels that are not failures, with the report kind that means the same thing. */
    private static final Map<String, ReportKind> NON_FAILURE_LABELS = Map.of(
            "delivered", ReportKind.DELIVERED,
            "vacation", ReportKind.AUTO_REPLY,
            "feedback", ReportKind.FEEDBACK_REPORT);
    /** Report kinds that report a failed or delayed delivery (Sisimai reports delays as bounces too). */
    private static final Set<ReportKind> FAILURE_KINDS = Set.of(ReportKind.DSN, ReportKind.BOUNCE, ReportKind.DELAY);

    private CorpusScore() {
    }

    /** Counters of one family (or of the whole corpus). */
    private static final class Tally {
        int files;
        int detected;
        int rows;
        int reasonAgree;
        int statusRows;
        int statusAgree;
        /** rows whose expected status is a real RFC 3463 code, not a Sisimai-internal X.0.9xx one */
        int rfcStatusRows;
        int rfcStatusAgree;
    }

    /**
     * Runs the scorer.
     *
     * @param args {@code <eml-dir> <manifest.tsv> [--disagreements <file>|-]}
     */
    public static void main(String[] args) throws IOException {
        int status = run(args, System.out);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the scorer, printing to {@code out}.
     *
     * @return 0 when the corpus was scored, 2 on a usage error or a missing corpus
     */
    static int run(String[] args, PrintStream out) throws IOException {
        if (args.length != 2 && !(args.length == 4 && "--disagreements".equals(args[2]))) {
            out.println("usage: CorpusScore <eml-dir> <manifest.tsv> [--disagreements <file>|-]");
            return 2;
        }
        Path dir = Path.of(args[0]);
        if (!Files.isDirectory(dir) || !Files.isRegularFile(Path.of(args[1]))) {
            out.println("corpus not found: " + dir.toAbsolutePath() + " / " + Path.of(args[1]).toAbsolutePath()
                    + " (with Maven: -Dcorpus.dir=<dir containing the .eml files and manifest.tsv>)");
            return 2;
        }
        Manifest manifest = Manifest.read(Path.of(args[1]));
        String target = args.length == 4 ? args[3] : "-";

        List<String> disagreements = new ArrayList<>();
        Tally total = new Tally();
        Map<String, Tally> byFamily = new TreeMap<>();
        score(BounceAnalyzer.create(), dir, manifest, total, byFamily, disagreements);

        out.printf(Locale.ROOT, "dsn-core accuracy: %d files, %d labelled recipients (%s)%n",
                total.files, total.rows, dir);
        out.printf(Locale.ROOT, "reason agreement : %s%n", ratio(total.reasonAgree, total.rows));
        out.printf(Locale.ROOT, "status agreement : %s%n", ratio(total.statusAgree, total.statusRows));
        out.printf(Locale.ROOT, "  RFC 3463 codes : %s (labels with Sisimai-internal X.0.9xx codes left out)%n",
                ratio(total.rfcStatusAgree, total.rfcStatusRows));
        out.printf(Locale.ROOT, "detection        : %s%n", ratio(total.detected, total.files));
        out.println();
        out.printf(Locale.ROOT, "%-24s %5s %5s %8s %8s %8s%n", "family", "files", "rcpts", "reason", "status",
                "detected");
        byFamily.forEach((family, t) -> out.printf(Locale.ROOT, "%-24s %5d %5d %8s %8s %8s%n", family, t.files,
                t.rows, frac(t.reasonAgree, t.rows), frac(t.statusAgree, t.statusRows), frac(t.detected, t.files)));
        out.println();
        if ("-".equals(target)) {
            out.printf(Locale.ROOT, "disagreements (%d):%n", disagreements.size());
            disagreements.forEach(out::println);
        } else {
            Path file = Path.of(target);
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.write(file, disagreements, StandardCharsets.UTF_8);
            out.printf(Locale.ROOT, "disagreements (%d) written to %s%n", disagreements.size(), file);
        }
        return 0;
    }

    private static void score(BounceAnalyzer analyzer, Path dir, Manifest manifest, Tally total,
                              Map<String, Tally> byFamily, List<String> disagreements) {
        for (Map.Entry<String, List<Manifest.Row>> entry : manifest.rowsByFile().entrySet()) {
            String file = entry.getKey();
            List<Manifest.Row> rows = entry.getValue();
            Tally family = byFamily.computeIfAbsent(rows.get(0).family(), f -> new Tally());
            Scored report;
            String error = null;
            try {
                report = Scored.of(analyzer, Files.readAllBytes(dir.resolve(file)));
            } catch (IOException | DsnParseException | RuntimeException e) {
                report = null;
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            total.files++;
            family.files++;
            if (report != null && detected(rows, report)) {
                total.detected++;
                family.detected++;
            } else {
                disagreements.add(file + "\tdetection\texpected " + verdict(rows) + "\tgot "
                        + (report == null ? error : report.kind().id() + " with " + report.recipients().size()
                        + " recipient(s)"));
            }
            for (Manifest.Row row : rows) {
                total.rows++;
                family.rows++;
                RecipientReport got = report == null || row.recipientIndex() > report.recipients().size()
                        ? null : report.recipients().get(row.recipientIndex() - 1);
                boolean reasonOk = report != null && reasonAgrees(row.reason(), report.kind(), got);
                if (reasonOk) {
                    total.reasonAgree++;
                    family.reasonAgree++;
                }
                boolean statusOk = true;
                if (!row.status().isEmpty()) {
                    total.statusRows++;
                    family.statusRows++;
                    statusOk = got != null && row.status().equals(got.status());
                    if (statusOk) {
                        total.statusAgree++;
                        family.statusAgree++;
                    }
                    if (!isSisimaiInternal(row.status())) {
                        total.rfcStatusRows++;
                        if (statusOk) {
                            total.rfcStatusAgree++;
                        }
                    }
                }
                if (!reasonOk || !statusOk) {
                    disagreements.add(describe(row, report, got, reasonOk, statusOk));
                }
            }
        }
    }

    /**
     * What one corpus file says: its report, or for a mailbox the recipients of its messages in order and the first
     * failure kind among them (a file is a failure when any of its messages is).
     */
    private record Scored(ReportKind kind, List<RecipientReport> recipients) {
        static Scored of(BounceAnalyzer analyzer, byte[] file) throws DsnParseException, IOException {
            if (!startsWithFromLine(file)) {
                return of(List.of(analyzer.analyze(file)));
            }
            List<MailboxEntry> entries = new ArrayList<>();
            // An unescaped "From " line right after text stays text, as the labels count the messages (this keeps a
            // postmaster copy appended without a blank line in the message before it: rhost-cox-01).
            analyzer.analyzeMailbox(new MboxReader(new ByteArrayInputStream(file), Long.MAX_VALUE, Long.MAX_VALUE,
                    MboxReader.Separator.AFTER_EMPTY_LINE), entries::add);
            List<BounceReport> reports = new ArrayList<>();
            for (MailboxEntry e : entries) {
                if (e.error() != null) {
                    throw e.error();
                }
                reports.add(e.report());
            }
            return of(reports);
        }

        private static boolean startsWithFromLine(byte[] file) {
            return file.length >= 5 && new String(file, 0, 5, StandardCharsets.US_ASCII).equals("From ");
        }

        private static Scored of(List<BounceReport> reports) {
            ReportKind kind = null;
            List<RecipientReport> recipients = new ArrayList<>();
            for (BounceReport r : reports) {
                if (kind == null || (!FAILURE_KINDS.contains(kind) && FAILURE_KINDS.contains(r.kind()))) {
                    kind = r.kind();
                }
                recipients.addAll(r.recipients());
            }
            return new Scored(kind, recipients);
        }
    }

    /** Sisimai writes codes such as 5.0.910 when the report had none; no parser can reproduce them. */
    private static boolean isSisimaiInternal(String status) {
        return status.length() == 7 && (status.startsWith("5.0.9") || status.startsWith("4.0.9"));
    }

    private static boolean reasonAgrees(String label, ReportKind kind, RecipientReport got) {
        ReportKind sameKind = NON_FAILURE_LABELS.get(label);
        if (sameKind != null && kind == sameKind) {
            return true;
        }
        Category expected = Category.fromId(label);
        return got != null && got.classification() != null && expected != null
                && expected == got.classification().category();
    }

    private static boolean detected(List<Manifest.Row> rows, Scored report) {
        boolean expectFailure = rows.stream().anyMatch(r -> !NON_FAILURE_LABELS.containsKey(r.reason()));
        boolean gotFailure = FAILURE_KINDS.contains(report.kind());
        return expectFailure == gotFailure && rows.size() == report.recipients().size();
    }

    private static String verdict(List<Manifest.Row> rows) {
        boolean failure = rows.stream().anyMatch(r -> !NON_FAILURE_LABELS.containsKey(r.reason()));
        return (failure ? "failure" : rows.get(0).reason()) + " with " + rows.size() + " recipient(s)";
    }

    private static String describe(Manifest.Row row, Scored report, RecipientReport got,
                                   boolean reasonOk, boolean statusOk) {
        StringBuilder b = new StringBuilder();
        b.append(row.file()).append('#').append(row.recipientIndex()).append('\t');
        b.append(reasonOk ? "status" : statusOk ? "reason" : "reason+status").append('\t');
        b.append("expected ").append(row.reason()).append(' ').append(row.status().isEmpty() ? "-" : row.status());
        b.append("\tgot ");
        if (got == null) {
            b.append(report == null ? "(unreadable)" : "(no recipient " + row.recipientIndex() + ", kind "
                    + report.kind().id() + ")");
        } else {
            Classification c = got.classification();
            b.append(c == null ? "(unclassified)" : c.category().id() + "/" + c.cause())
                    .append(' ').append(got.status() == null ? "-" : got.status())
                    .append("\tevidence: ").append(c == null ? "" : oneLine(c.evidence()));
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    private static String ratio(int n, int d) {
        return n + "/" + d + " = " + frac(n, d);
    }

    private static String frac(int n, int d) {
        return d == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) n / d);
    }
}
