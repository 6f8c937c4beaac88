package dev.mx20.rest.dsn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.mx20.rest.dsn.json.ReportJson;
import dev.mx20.rest.problem.Problem;
import dev.mx20.rest.problem.ProblemException;
import dev.mx20.rest.problem.ProblemType;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fast path of {@code POST /dsn/classify}: the common request (a small message with a Content-Length, one of
 * the plain media types, JSON acceptable) is read and analysed on the Vert.x event loop, without the hand-off to a
 * worker thread and back that dominates the latency of a 30 µs analysis (docs/benchmarks.md, rest-api).
 *
 * <p>Everything else is left to {@link DsnResource#classify}, the documented endpoint, by calling
 * {@code next()} <em>before a byte of the body is read</em>: chunked bodies, bodies over
 * {@code mx20.dsn.event-loop-max-size}, other Content-Types or Accept headers, {@code Expect}. So every error path
 * (400, 405, 406, 413, 415, problem+json) stays the resource's. What this route answers itself, it answers as the
 * resource would: the same {@link MessageClassifier}, the same JSON writer settings, the same problems and
 * metrics. Why this is safe where {@code @NonBlocking} on the resource was not:
 * <ul>
 *   <li>memory: a body is only read here when its Content-Length, which the HTTP codec enforces, is within the
 *       (small) limit;</li>
 *   <li>time: a body that stops arriving is answered 400 {@code unreadable-body} after
 *       {@code quarkus.http.read-timeout} and the connection closed, like the worker's blocking read;</li>
 *   <li>the event loop: the analysis of at most {@code event-loop-max-size} bytes is bounded by dsn-core's limits
 *       (header bytes, parts, recipients) and takes well under a millisecond for real bounces.</li>
 * </ul>
 */
@ApplicationScoped
public class ClassifyRoute {
    private static final Logger LOG = Logger.getLogger(ClassifyRoute.class);
    static final String PATH = "/dsn/classify";
    private static final List<String> MEDIA_TYPES = List.of(DsnResource.RFC822, "text/plain", "application/octet-stream");
    /** The bytes of a token in {@link #isPlainContentType}: RFC 6838's restricted-name characters. */
    private static final String TOKEN_PUNCTUATION = "!#$&^_.+-";
    private static final String JSON_UTF8 = "application/json;charset=UTF-8";
    /** Bytes first allocated for an answer: the reports of the examples are 1.5-2 KB. */
    private static final int ANSWER_SIZE_HINT = 4096;

    private final MessageClassifier classifier;
    private final DsnMetrics metrics;
    private final long maxSize;
    private final long readTimeoutMillis;
    private final ObjectWriter reportWriter;
    private final ObjectWriter problemWriter;
    private final LongAdder served = new LongAdder();

    public ClassifyRoute(MessageClassifier classifier, DsnMetrics metrics, DsnConfig config, ObjectMapper json,
                         @ConfigProperty(name = "quarkus.http.read-timeout") Duration readTimeout) {
        this.classifier = classifier;
        this.metrics = metrics;
        this.maxSize = Math.min(config.eventLoopMaxSize(), config.maxMessageSize());
        this.readTimeoutMillis = Math.max(1, readTimeout.toMillis());
        this.reportWriter = json.writerFor(ReportJson.class);
        this.problemWriter = json.writerFor(Problem.class);
    }

    void install(@Observes Router router) {
        if (maxSize > 0) {
            // After Quarkus' own and EdgeRoutes' guards (body ceiling, /q/ methods), before Quarkus REST.
            router.post(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
        }
    }

    /** Requests answered here so far (the others went to the resource); the tests check which path ran. */
    public long served() {
        return served.sum();
    }

    private void handle(RoutingContext ctx) {
        int length = eligibleLength(ctx.request());
        if (length < 0) {
            ctx.next();
            return;
        }
        served.increment();
        new BodyReader(ctx, length).start();
    }

    /**
     * Reads one eligible body straight into an array of its declared length, then classifies it. Cheaper per
     * request than {@code request.body()} (a growing buffer, then {@code getBytes} copies the body a second time)
     * and than a read time-out timer per request: a small body nearly always arrives in the socket read that
     * brought its headers, and then it is complete before the event loop runs its next task. So the timer is only
     * set by that task, for a body still under way (a Vert.x timer is a scheduled task, an entry in Vert.x'
     * timer map and a close hook on the context, set and cancelled on every request).
     */
    private final class BodyReader {
        private final RoutingContext ctx;
        private byte[] body;
        private int filled;
        /** Answered (classified, or refused as stalled or broken): whatever comes later is ignored. */
        private boolean finished;
        private long timer = -1;

        BodyReader(RoutingContext ctx, int length) {
            this.ctx = ctx;
            this.body = new byte[length];
        }

        void start() {
            HttpServerRequest request = ctx.request();
            request.handler(this::chunk);
            request.exceptionHandler(this::failed);
            request.endHandler(v -> ended());
            request.resume(); // Quarkus pauses every request until a handler asks for its body
            ctx.vertx().runOnContext(v -> {
                if (!finished) {
                    timer = ctx.vertx().setTimer(readTimeoutMillis, id -> stalled());
                }
            });
        }

        private void chunk(Buffer chunk) {
            if (finished) {
                return;
            }
            int n = chunk.length();
            if (n > body.length - filled) {
                // The HTTP codec frames the body by its Content-Length, so this does not happen; if it did, the
                // bytes are kept, as request.body() would keep them.
                body = Arrays.copyOf(body, Math.max(filled + n, 2 * body.length));
            }
            chunk.getBytes(0, n, body, filled);
            filled += n;
        }

        private void ended() {
            if (finish()) {
                classify(ctx, filled == body.length ? body : Arrays.copyOf(body, filled));
            }
        }

        private void failed(Throwable cause) {
            if (!finish()) {
                return;
            }
            // The connection broke while the body was arriving: nobody is left to answer.
            LOG.debugf(cause, "body of %s could not be read", PATH);
            if (!ctx.response().ended() && !ctx.response().closed()) {
                answer(ctx, Problem.of(ProblemType.UNREADABLE_BODY, 400, "The request body could not be read ("
                        + cause.getClass().getSimpleName() + ").", PATH));
            }
        }

        private void stalled() {
            if (finish()) {
                answerStalled(ctx);
            }
        }

        /** Marks the request answered; false when it was already. */
        private boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            if (timer >= 0) {
                ctx.vertx().cancelTimer(timer);
            }
            return true;
        }
    }

    /**
     * Only what the resource would surely accept, judged from the headers alone (once the body is read here,
     * the resource can no longer have it): exactly the path, a Content-Length within the limit and no
     * chunking or 100-continue, a plain accepted Content-Type, and no Accept or one that takes JSON outright.
     *
     * @return the declared body length, or -1 when the resource is to answer
     */
    private int eligibleLength(HttpServerRequest request) {
        if (!PATH.equals(request.path())
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || request.headers().contains(HttpHeaders.EXPECT)) {
            return -1;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || length.isEmpty() || length.length() > 9) {
            return -1;
        }
        for (int i = 0; i < length.length(); i++) {
            if (length.charAt(i) < '0' || length.charAt(i) > '9') {
                return -1;
            }
        }
        int declared = Integer.parseInt(length);
        if (declared > maxSize) {
            return -1;
        }
        if (!isPlainContentType(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            return -1;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept == null || accept.equals("*/*") || accept.equalsIgnoreCase("application/json") ? declared : -1;
    }

    /**
     * One of the three accepted media types (any case), bare or with one {@code charset} parameter (ignored, as by
     * the resource): nothing to interpret. In the grammar of a regular expression, with the media type then
     * compared case-insensitively: {@code TOKEN/TOKEN(\s*;\s*charset="?TOKEN"?)?}, TOKEN being one or more of
     * {@code [A-Za-z0-9!#$&^_.+-]}. Written out by hand because it runs on every request on the event loop (a
     * {@code Matcher} per request, the media type lower-cased into a new string); {@code ClassifyRouteTest} holds
     * the expression and checks both agree.
     */
    static boolean isPlainContentType(String type) {
        if (type == null) {
            return false;
        }
        int n = type.length();
        int i = token(type, 0);
        if (i == 0 || i == n || type.charAt(i) != '/') {
            return false;
        }
        int subtypeEnd = token(type, i + 1);
        if (subtypeEnd == i + 1 || !isAcceptedMediaType(type, subtypeEnd)) {
            return false;
        }
        i = subtypeEnd;
        if (i == n) {
            return true;
        }
        i = whiteSpace(type, i);
        if (i == n || type.charAt(i) != ';') {
            return false;
        }
        i = whiteSpace(type, i + 1);
        if (!type.startsWith("charset=", i)) {
            return false;
        }
        i += "charset=".length();
        if (i < n && type.charAt(i) == '"') {
            i++;
        }
        int valueEnd = token(type, i);
        if (valueEnd == i) {
            return false;
        }
        return valueEnd == n || valueEnd == n - 1 && type.charAt(valueEnd) == '"';
    }

    private static boolean isAcceptedMediaType(String type, int end) {
        for (String accepted : MEDIA_TYPES) {
            if (accepted.length() == end && type.regionMatches(true, 0, accepted, 0, end)) {
                return true;
            }
        }
        return false;
    }

    /** The end of the token that starts at {@code from} ({@code from} itself when there is none). */
    private static int token(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || TOKEN_PUNCTUATION.indexOf(c) >= 0)) {
                break;
            }
            i++;
        }
        return i;
    }

    /** Past the white space at {@code from}: what {@code \s} matches (space, tab, LF, VT, FF, CR). */
    private static int whiteSpace(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) >= '\t' && s.charAt(i) <= '\r')) {
            i++;
        }
        return i;
    }

    /** Does what {@link DsnResource#classify} does after reading the body. */
    private void classify(RoutingContext ctx, byte[] message) {
        // The answer is serialised straight into the buffer that is sent: no byte[] and no copy of it.
        Buffer json = Buffer.buffer(ANSWER_SIZE_HINT);
        try {
            ReportJson report = classifier.analyse(message);
            metrics.analysed(report);
            reportWriter.writeValue(new BufferOutput(json), report);
        } catch (ProblemException e) {
            Problem p = Problem.of(e.type(), e.status(), e.getMessage(), PATH);
            metrics.rejected(p);
            answer(ctx, p);
            return;
        } catch (RuntimeException | IOException e) {
            // As ProblemMappers.bug: a 500 is a bug of the service, logged with its stack trace.
            LOG.errorf(e, "Unhandled exception on %s", PATH);
            answer(ctx, Problem.of(ProblemType.INTERNAL_ERROR, 500, "The service failed unexpectedly; the error is "
                    + "logged. This is a bug, not a problem with the request.", PATH));
            return;
        }
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON_UTF8).end(json);
    }

    /** Appends what the JSON generator writes to a Vert.x buffer; closing it does nothing. */
    private static final class BufferOutput extends OutputStream {
        private final Buffer buffer;

        BufferOutput(Buffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void write(int b) {
            buffer.appendByte((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.appendBytes(b, off, len);
        }
    }

    /**
     * The worker's blocking read fails once no byte arrived for the read time-out; here the whole (small) body
     * must arrive within it. Same 400, then the connection is closed: the rest of the body may still come.
     */
    private void answerStalled(RoutingContext ctx) {
        Problem p = Problem.of(ProblemType.UNREADABLE_BODY, 400, "The request body could not be read (it did not "
                + "arrive within " + readTimeoutMillis + " ms, quarkus.http.read-timeout).", PATH);
        metrics.rejected(p);
        ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        ctx.response().endHandler(v -> ctx.request().connection().close());
        answer(ctx, p);
    }

    private void answer(RoutingContext ctx, Problem p) {
        byte[] body;
        try {
            body = problemWriter.writeValueAsBytes(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem always serialises", e);
        }
        ctx.response().setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(body));
    }
}
