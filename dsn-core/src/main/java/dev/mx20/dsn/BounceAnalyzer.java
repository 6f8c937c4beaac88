package dev.mx20.dsn;

import dev.mx20.dsn.classify.Classifier;
import dev.mx20.dsn.mbox.MboxMessage;
import dev.mx20.dsn.mbox.MboxReader;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.parse.ReportParser;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The entry point of dsn-core: reads one message (RFC 5322 bytes) and returns what it reports,
 * with every recipient classified.
 *
 * <pre>{@code
 * BounceAnalyzer analyzer = BounceAnalyzer.create();
 * BounceReport report = analyzer.analyze(Files.readAllBytes(Path.of("bounce.eml")));
 * for (RecipientReport r : report.recipients()) {
 *     System.out.println(r.finalRecipient() + " " + r.classification().cause());
 * }
 * }</pre>
 *
 * A mailbox of bounces (mbox) is read one message at a time with {@link #analyzeMailbox}.
 * Instances are immutable and thread-safe; create one and share it.
 */
public final class BounceAnalyzer {
    private final ReportParser parser;
    private final Classifier classifier;
    private final DsnLimits limits;

    private BounceAnalyzer(DsnLimits limits) {
        this.limits = limits;
        this.parser = new ReportParser(limits);
        this.classifier = new Classifier();
    }

    /** An analyzer with {@link DsnLimits#DEFAULT}. */
    public static BounceAnalyzer create() {
        return new BounceAnalyzer(DsnLimits.DEFAULT);
    }

    /** An analyzer with the given limits. */
    public static BounceAnalyzer create(DsnLimits limits) {
        return new BounceAnalyzer(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * Analyses one message.
     *
     * @param message the raw message, RFC 5322 (CRLF or bare LF line ends)
     * @return the report; malformed input yields a report with warnings
     * @throws DsnParseException only when the input cannot be read at all
     */
    public BounceReport analyze(byte[] message) throws DsnParseException {
        // Parsed in place: going through a stream would copy the whole message once more.
        return classify(parser.parse(Objects.requireNonNull(message, "message")));
    }

    /**
     * Analyses one message read from a stream (read up to {@link DsnLimits#maxMessageBytes()}; not closed).
     *
     * @throws DsnParseException when the stream fails or the input cannot be read at all
     */
    public BounceReport analyze(InputStream message) throws DsnParseException {
        return classify(parser.parse(Objects.requireNonNull(message, "message")));
    }

    /**
     * Analyses every message of an mbox mailbox (RFC 4155; mboxrd or mboxo, see {@link MboxReader}), one message in
     * memory at a time, and hands each one's entry to {@code each} in mailbox order. A message over
     * {@link DsnLimits#maxMessageBytes()} or one that cannot be read gets an entry with an error, and the next
     * message is read as usual.
     *
     * <pre>{@code
     * try (InputStream in = Files.newInputStream(Path.of("bounces.mbox"))) {
     *     analyzer.analyzeMailbox(in, e -> System.out.println(e.index() + " " + (e.report() != null
     *             ? e.report().kind() : e.error().getMessage())));
     * }
     * }</pre>
     *
     * @param mailbox the mailbox; read to its end, not closed
     * @param each    called once per message, on the calling thread
     * @return the number of messages
     * @throws DsnParseException when the input is not a mailbox: it is empty or its first non-blank line is not
     *                           a From_ line (analyse such input with {@link #analyze(InputStream)})
     * @throws IOException       when the stream fails; the entries handed out before stay valid
     */
    public int analyzeMailbox(InputStream mailbox, Consumer<? super MailboxEntry> each)
            throws DsnParseException, IOException {
        return analyzeMailbox(new MboxReader(Objects.requireNonNull(mailbox, "mailbox"), limits.maxMessageBytes(),
                Long.MAX_VALUE), each);
    }

    /**
     * {@link #analyzeMailbox(InputStream, Consumer)} with a reader of one's own: its limits (a message over its
     * {@link MboxReader#maxMessageBytes()} gets an error entry; past its mailbox limit the
     * {@link dev.mx20.dsn.mbox.MailboxTooLargeException} ends the reading) and its {@link MboxReader.Separator}.
     *
     * @param reader a reader that was not opened yet
     * @param each   called once per message, on the calling thread
     * @return the number of messages
     * @throws DsnParseException when the input is not a mailbox
     * @throws IOException       when the stream fails or the mailbox is over the reader's limit
     */
    public int analyzeMailbox(MboxReader reader, Consumer<? super MailboxEntry> each)
            throws DsnParseException, IOException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(each, "each");
        if (!reader.open()) {
            throw new DsnParseException(reader.bytesRead() == 0 ? "the mailbox is empty"
                    : "not an mbox mailbox: it does not start with a From_ line (RFC 4155)");
        }
        int count = 0;
        for (MboxMessage m; (m = reader.next()) != null; count++) {
            each.accept(entry(m, reader.maxMessageBytes()));
        }
        return count;
    }

    private MailboxEntry entry(MboxMessage m, long maxMessageBytes) {
        if (m.tooLarge()) {
            return new MailboxEntry(m, null, new DsnParseException("message " + m.index() + " is " + m.size()
                    + " bytes, over the limit of " + maxMessageBytes + " bytes"));
        }
        try {
            return new MailboxEntry(m, analyze(m.content()), null);
        } catch (DsnParseException e) {
            return new MailboxEntry(m, null, e);
        }
    }

    private BounceReport classify(BounceReport parsed) {
        List<RecipientReport> classified = new ArrayList<>(parsed.recipients().size());
        for (RecipientReport r : parsed.recipients()) {
            classified.add(new RecipientReport(r.finalRecipient(), r.originalRecipient(), r.action(),
                    r.status(), r.remoteMta(), r.diagnostic(), r.lastAttemptDate(), r.willRetryUntil(),
                    r.finalLogId(), r.extensionFields(), classifier.classify(parsed, r)));
        }
        return new BounceReport(parsed.kind(), parsed.format(), parsed.reportingMta(), parsed.dsnGateway(),
                parsed.receivedFromMta(), parsed.arrivalDate(), parsed.originalEnvelopeId(),
                parsed.extensionFields(), parsed.original(), classified, parsed.warnings());
    }
}
