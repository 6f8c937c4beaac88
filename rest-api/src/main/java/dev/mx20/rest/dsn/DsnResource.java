package dev.mx20.rest.dsn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.mx20.rest.dsn.json.BatchEntryJson;
import dev.mx20.rest.dsn.json.BatchSummaryJson;
import dev.mx20.rest.dsn.json.ReportJson;
import dev.mx20.dsn.mbox.MailboxTooLargeException;
import dev.mx20.dsn.mbox.MboxMessage;
import dev.mx20.dsn.mbox.MboxReader;
import dev.mx20.rest.problem.Problem;
import dev.mx20.rest.problem.ProblemException;
import dev.mx20.rest.problem.ProblemType;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * {@code POST /dsn/classify} (one message) and {@code POST /dsn/classify/batch} (an mbox mailbox).
 * Parsing is blocking work on a worker thread ({@link Blocking}); the mailbox is read and answered as a
 * stream, a bounded number of messages in memory at a time: the request's thread splits the mailbox and writes
 * the answer while {@link BatchAnalysisPool}'s threads analyse the next messages ({@link OrderedPipeline}). The
 * common small {@code /dsn/classify} request is answered before it gets here, on the event loop, by
 * {@link ClassifyRoute}; this method remains the endpoint (and the documented contract) for every other one.
 */
@Path("/dsn")
@Tag(name = "DSN classification", description = "Read bounces and say what failed, why, and what to do.")
public class DsnResource {
    private static final Logger LOG = Logger.getLogger(DsnResource.class);

    /** NDJSON, one JSON document per line (https://github.com/ndjson/ndjson-spec). */
    public static final String NDJSON = "application/x-ndjson";
    /** The mbox media type of RFC 4155. */
    public static final String MBOX = "application/mbox";
    /** An RFC 5322 message (RFC 2046 §5.2.1). */
    public static final String RFC822 = "message/rfc822";

    private static final String CLASSIFY_PATH = "/dsn/classify";
    private static final String BATCH_PATH = "/dsn/classify/batch";

    private final MessageClassifier classifier;
    private final DsnConfig config;
    private final DsnMetrics metrics;
    private final BatchAnalysisPool pool;
    /** Built once: an ObjectWriter caches its serializers, the mapper's convenience methods look them up. */
    private final ObjectWriter entryWriter;
    private final long readTimeoutMillis;

    public DsnResource(MessageClassifier classifier, DsnConfig config, DsnMetrics metrics, BatchAnalysisPool pool,
                       ObjectMapper json, @ConfigProperty(name = "quarkus.http.read-timeout") Duration readTimeout) {
        this.classifier = classifier;
        this.readTimeoutMillis = readTimeout.toMillis();
        this.pool = pool;
        this.config = config;
        this.metrics = metrics;
        this.entryWriter = NdjsonWriter.writerFor(json, BatchEntryJson.class);
    }

    @POST
    @Path("/classify")
    @Consumes({RFC822, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    // On a worker thread on purpose: there, reading the InputStream is bounded by quarkus.http.read-timeout.
    // The event-loop variant waited for stalled bodies until the idle time-out (docs/benchmarks.md, rest-api).
    // Small plain requests never get here: ClassifyRoute answers them on the event loop, with its own bounds.
    @Blocking
    @Operation(summary = "Classify one message",
            description = "Reads one raw message (RFC 5322 bytes, CRLF or LF) and answers everything dsn-core "
                    + "knows: the kind of message, the per-message DSN fields, the returned original's headers and, "
                    + "for every recipient, the RFC 3464 fields plus category, cause, permanence, IPv6 flag, "
                    + "explanation, remedy and evidence. A message that is not a bounce is answered 200 with kind "
                    + "not-a-bounce. A leading mbox From_ line is tolerated.")
    @RequestBody(required = true, description = "The raw message; message/rfc822, text/plain or "
            + "application/octet-stream (the bytes are read as they are, charset parameters are ignored).",
            content = {
                    @Content(mediaType = RFC822, schema = @Schema(type = SchemaType.STRING, format = "binary"),
                            examples = @ExampleObject(name = "rfc3464-user-unknown", summary = "RFC 3464 DSN: user unknown",
                                    value = OpenApiExamples.DSN_USER_UNKNOWN)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "200", description = "The analysis",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportJson.class),
                    examples = @ExampleObject(name = "user-unknown", value = OpenApiExamples.REPORT_USER_UNKNOWN)))
    @APIResponse(responseCode = "400", description = "The body could not be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = "Accept excludes application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The message is over mx20.dsn.max-message-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "too-large", value = OpenApiExamples.PROBLEM_TOO_LARGE)))
    @APIResponse(responseCode = "415", description = "Content-Type is not one of the accepted types",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The body is not an RFC 5322 message: empty, no header "
            + "section, or binary (NUL bytes in the header section)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-a-message", value = OpenApiExamples.PROBLEM_NOT_A_MESSAGE)))
    public ReportJson classify(InputStream body, @Context HttpHeaders headers) {
        long limit = config.maxMessageSize();
        try {
            BoundedBody.checkDeclaredLength(headers.getHeaderString(HttpHeaders.CONTENT_LENGTH), limit,
                    ProblemType.MESSAGE_TOO_LARGE, "message");
            byte[] message = BoundedBody.read(body, limit, ProblemType.MESSAGE_TOO_LARGE, "message");
            ReportJson report = classifier.analyse(message);
            metrics.analysed(report);
            return report;
        } catch (ProblemException e) {
            metrics.rejected(Problem.of(e.type(), e.status(), e.getMessage(), CLASSIFY_PATH));
            throw e;
        }
    }

    @POST
    @Path("/classify/batch")
    @Consumes({MBOX, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Produces({NDJSON, MediaType.APPLICATION_JSON})
    @Blocking
    @Operation(summary = "Classify a mailbox of bounces",
            description = "Reads an mbox (mboxo or mboxrd: messages start with From_ lines, >From lines are "
                    + "un-escaped) as a stream. With Accept: application/x-ndjson the answer is streamed, one "
                    + "BatchEntry per message in mailbox order; a message that cannot be analysed (too large, not "
                    + "a message) gets an entry with an RFC 9457 error and the batch goes on; if the mailbox passes "
                    + "mx20.dsn.batch.max-size the last line is an error entry and the stream ends. With Accept: "
                    + "application/json (or */*) the answer is a BatchSummary: counts by kind, category, cause and "
                    + "permanence, the share of IPv6-related failures, and the top remote MTAs and recipient domains.")
    @RequestBody(required = true, description = "An mbox mailbox (RFC 4155)",
            content = {
                    @Content(mediaType = MBOX, schema = @Schema(type = SchemaType.STRING, format = "binary"),
                            examples = @ExampleObject(name = "two-bounces", value = OpenApiExamples.MBOX)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "200", description = "NDJSON entries or a summary, as negotiated",
            content = {
                    @Content(mediaType = NDJSON, schema = @Schema(implementation = BatchEntryJson.class),
                            examples = @ExampleObject(name = "entries", value = OpenApiExamples.NDJSON_ENTRIES)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchSummaryJson.class),
                            examples = @ExampleObject(name = "summary", value = OpenApiExamples.SUMMARY))})
    @APIResponse(responseCode = "400", description = "Unreadable body or invalid query parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = "Accept allows neither NDJSON nor JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The mailbox is over mx20.dsn.batch.max-size (summary, or "
            + "announced by Content-Length)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Content-Type is not one of the accepted types",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The body is empty or does not start with a From_ line",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    // The body is read through UploadStream, not an InputStream parameter: Quarkus REST's stream asks the connection
    // for one piece at a time, two thread hand-offs per 64 KiB of mailbox (docs/benchmarks.md, rest-api).
    public Response batch(@Context HttpServerRequest request, @Valid @BeanParam BatchParams params,
                          @Context HttpHeaders headers) {
        long maxBatch = config.batch().maxSize();
        BoundedBody.checkDeclaredLength(headers.getHeaderString(HttpHeaders.CONTENT_LENGTH), maxBatch,
                ProblemType.BATCH_TOO_LARGE, "mailbox");
        UploadStream body = new UploadStream(request, readTimeoutMillis, maxBatch);
        MboxReader reader = new MboxReader(body, config.maxMessageSize(), maxBatch);
        boolean handedOn = false;
        try {
            if (!reader.open()) {
                throw new ProblemException(ProblemType.NOT_AN_MBOX, 422, reader.bytesRead() == 0
                        ? "The request body is empty."
                        : "The body does not start with a From_ line (\"From sender date\", RFC 4155), so it is "
                        + "not an mbox mailbox. POST a single message to " + CLASSIFY_PATH + " instead.");
            }
            if (wantsNdjson(headers)) {
                StreamingOutput stream = out -> {
                    try {
                        streamEntries(reader, out);
                    } finally {
                        body.close();
                    }
                };
                handedOn = true;
                return Response.ok(stream, NDJSON).build();
            }
            return Response.ok(summarise(reader, params.top() == null ? config.batch().topN() : params.top()),
                    MediaType.APPLICATION_JSON).build();
        } catch (MailboxTooLargeException e) {
            throw new ProblemException(ProblemType.BATCH_TOO_LARGE, 413,
                    BoundedBody.tooLargeDetail(-1, maxBatch, "mailbox"));
        } catch (IOException e) {
            throw unreadable(e);
        } finally {
            if (!handedOn) {
                body.close(); // drops the rest of the body, if any, so that the client can read the answer
            }
        }
    }

    private void streamEntries(MboxReader reader, OutputStream out) throws IOException {
        try (NdjsonWriter ndjson = new NdjsonWriter(entryWriter, out)) {
            if (pool.parallel()) {
                // Analysed and serialised on the analysis threads, a group of messages at a time; written here, in
                // mailbox order.
                streamEntries(reader, ndjson, m -> ndjson.serialise(entry(m)), ndjson::writeLine);
            } else {
                // Analysed here: each entry is serialised straight into the response, no byte[] per entry.
                streamEntries(reader, ndjson, this::entry, ndjson::write);
            }
        }
        out.flush();
    }

    /**
     * @param work  turns a message into its entry (on the analysis threads when there are several)
     * @param write writes one entry's result, on this thread, in mailbox order
     */
    private <T> void streamEntries(MboxReader reader, NdjsonWriter ndjson, Function<MboxMessage, T> work,
                                   OrderedPipeline.Sink<T> write) throws IOException {
        int index = 0;
        try (OrderedPipeline<List<T>> pipeline = pool.pipeline(results -> {
            for (T result : results) {
                write.accept(result);
            }
        })) {
            MessageGroups<T> groups = new MessageGroups<>(pipeline, work);
            // Entries leave when the output buffer fills, and whenever the reader is about to wait for more of
            // the mailbox: a client following a slow upload sees every entry that is ready, without paying a
            // network write per entry on a fast one. Before such a wait, the messages read so far are analysed
            // and written, so that no entry waits for input that has not arrived.
            reader.beforeEachRead(() -> {
                groups.drain();
                ndjson.flush();
            });
            try {
                MboxMessage m;
                while ((m = reader.next()) != null) {
                    index = m.index();
                    groups.add(m);
                }
                groups.drain();
            } catch (MailboxTooLargeException e) {
                // The 200 is already sent: say it in the stream, as the last entry, and stop reading.
                groups.drain();
                Problem p = Problem.of(ProblemType.BATCH_TOO_LARGE, 413,
                        BoundedBody.tooLargeDetail(-1, e.limit(), "mailbox") + " Messages after entry " + index
                                + " were not read.", BATCH_PATH);
                metrics.rejected(p);
                ndjson.write(new BatchEntryJson(index + 1, null, 0, null, p));
            } catch (IOException e) {
                // The mailbox could not be read (or the answer not written: then the writes below fail as well).
                LOG.debugf(e, "mailbox stream ended early after entry %d", index);
                groups.drain();
                Problem p = Problem.of(ProblemType.UNREADABLE_BODY, 400, "The mailbox could not be read after entry "
                        + index + " (" + e.getClass().getSimpleName() + ").", BATCH_PATH);
                ndjson.write(new BatchEntryJson(index + 1, null, 0, null, p));
            }
        }
    }

    private BatchSummaryJson summarise(MboxReader reader, int top) {
        BatchSummarizer summary = new BatchSummarizer();
        try (OrderedPipeline<List<BatchEntryJson>> pipeline = pool.pipeline(entries -> {
            for (BatchEntryJson e : entries) {
                if (e.report() != null) {
                    summary.add(e.report());
                } else {
                    summary.addError(e.error());
                }
            }
        })) {
            MessageGroups<BatchEntryJson> groups = new MessageGroups<>(pipeline, this::entry);
            MboxMessage m;
            while ((m = reader.next()) != null) {
                groups.add(m);
            }
            groups.drain();
        } catch (MailboxTooLargeException e) {
            throw new ProblemException(ProblemType.BATCH_TOO_LARGE, 413,
                    BoundedBody.tooLargeDetail(-1, e.limit(), "mailbox"));
        } catch (IOException e) {
            throw unreadable(e);
        }
        return summary.summary(top);
    }

    /** Analyses one message of a mailbox; every failure becomes an error entry so that the batch goes on. */
    private BatchEntryJson entry(MboxMessage m) {
        Problem error;
        if (m.tooLarge()) {
            error = Problem.of(ProblemType.MESSAGE_TOO_LARGE, 413,
                    BoundedBody.tooLargeDetail(m.size(), config.maxMessageSize(), "message"), BATCH_PATH);
        } else {
            try {
                ReportJson report = classifier.analyse(m.content());
                metrics.analysed(report);
                return new BatchEntryJson(m.index(), m.envelopeSender(), m.size(), report, null);
            } catch (ProblemException e) {
                error = Problem.of(e.type(), e.status(), e.getMessage(), BATCH_PATH);
            } catch (RuntimeException e) {
                // A bug in the analysis of one message must not cost the operator the rest of the mailbox.
                LOG.errorf(e, "analysis of mailbox entry %d failed", m.index());
                error = Problem.of(ProblemType.INTERNAL_ERROR, 500, "The analysis of this message failed "
                        + "unexpectedly; the error is logged. This is a bug, not a problem with the message.", BATCH_PATH);
            }
        }
        metrics.rejected(error);
        return new BatchEntryJson(m.index(), m.envelopeSender(), m.size(), null, error);
    }

    /**
     * NDJSON only when the client prefers it: its most preferred acceptable type is NDJSON. A wildcard
     * ({@code *}{@code /*}, no Accept) gets the summary, the more useful answer for a person with curl.
     */
    static boolean wantsNdjson(HttpHeaders headers) {
        for (MediaType t : headers.getAcceptableMediaTypes()) { // sorted by preference (q, specificity)
            if (t.isWildcardType()) {
                return false;
            }
            if (t.isCompatible(MediaType.valueOf(NDJSON)) && !t.isWildcardSubtype()) {
                return true;
            }
            if (t.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    private static ProblemException unreadable(IOException e) {
        return new ProblemException(ProblemType.UNREADABLE_BODY, 400, "The request body could not be read ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").");
    }
}
