package dev.mx20.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Guards in front of every route, answering as problem+json what Quarkus would answer bare or not at all.
 * First, the request's head against the documented limits ({@link HttpHeadLimits}): 414 for a request line over
 * {@code mx20.http.max-request-line-length}, 431 for a header section over {@code mx20.http.max-header-size}. The
 * HTTP codec's own limits are set higher (a bounded ceiling) because the codec's refusals cannot be answered by the
 * application: Quarkus builds the Vert.x server without a way to set its {@code invalidRequestHandler}, so they
 * get Vert.x's {@code DEFAULT_INVALID_REQUEST_HANDLER}, an empty 414 / 431 / 400. Second, 413 for a body whose
 * Content-Length exceeds {@code quarkus.http.limits.max-body-size}, the outer ceiling of every request. Quarkus
 * enforces that ceiling itself, but with an empty 413; these checks run just before Quarkus' (order
 * {@code ROUTE_ORDER_UPLOAD_LIMIT - 1}) so that clients get the same RFC 9457 body as everywhere else. Bodies
 * without Content-Length (chunked) are counted by Quarkus and by the endpoints' own, smaller limits. Third, 400 for
 * a transfer coding other than chunked. Then, on the /q/ endpoints only, 405 for write methods and the 406 of
 * /q/metrics for an Accept header that excludes its media types, which Vert.x Web answers with an empty body.
 * Last, a failure handler for the requests Vert.x Web refuses before any route (no Host header, a target that is
 * not a path), which Quarkus would answer as plain JSON.
 */
@ApplicationScoped
public class EdgeRoutes {
    private static final Logger LOG = Logger.getLogger(EdgeRoutes.class);
    private final long ceiling;
    private final int maxRequestLine;
    private final int maxHeaderSize;
    private final ObjectMapper json;

    public EdgeRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize ceiling,
                      @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length") int codecLineLength,
                      @ConfigProperty(name = "quarkus.http.limits.max-header-size") MemorySize codecHeaderSize,
                      HttpHeadLimits limits, ObjectMapper json) {
        this.ceiling = ceiling.asLongValue();
        this.maxRequestLine = limits.maxRequestLineLength();
        this.maxHeaderSize = limits.maxHeaderSize();
        this.json = json;
        checkBelowCodec(maxRequestLine, codecLineLength, maxHeaderSize, codecHeaderSize.asLongValue());
    }

    /** A limit at or over the codec's would never be reached: the codec would refuse first, bare. Fails the start. */
    static void checkBelowCodec(int requestLine, int codecRequestLine, int headerSize, long codecHeaderSize) {
        belowCodec("mx20.http.max-request-line-length", requestLine,
                "quarkus.http.limits.max-initial-line-length", codecRequestLine);
        belowCodec("mx20.http.max-header-size", headerSize, "quarkus.http.limits.max-header-size", codecHeaderSize);
    }

    private static void belowCodec(String key, long limit, String codecKey, long codecLimit) {
        if (limit >= codecLimit) {
            throw new IllegalStateException(key + "=" + limit + " must be below " + codecKey + "=" + codecLimit
                    + ": requests between the two would get the HTTP codec's bare answer instead of problem+json"
                    + " (docs/configuration.md)");
        }
    }

    void install(@Observes Router router) {
        // Registered first: among routes of the same order, Vert.x Web keeps the order of registration.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::guard)
                .failureHandler(this::unroutable);
        // The /q/ endpoints (health, metrics, OpenAPI, Swagger UI) answer any method with 200; they are read-only,
        // so anything but GET/HEAD/OPTIONS is a client error: 405 with Allow (RFC 9110 §15.5.6), as problem+json.
        router.routeWithRegex("/q/.*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            HttpMethod m = ctx.request().method();
            if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
                if (m != HttpMethod.OPTIONS && ctx.request().path().startsWith(METRICS)
                        && !acceptsMetrics(ctx.request().getHeader(HttpHeaders.ACCEPT))) {
                    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
                    Problem p = Problem.of(ProblemType.NOT_ACCEPTABLE, 406, "None of the media types in the Accept "
                            + "header (" + (accept.length() > 200 ? accept.substring(0, 200) + "..." : accept)
                            + ") can be produced at " + METRICS + ": ask for text/plain (or */*, which gets "
                            + "application/openmetrics-text).", ctx.request().path());
                    ctx.response().setStatusCode(406).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .end(toJson(p));
                    return;
                }
                ctx.next();
                return;
            }
            Problem p = Problem.of(ProblemType.METHOD_NOT_ALLOWED, 405, ctx.request().path()
                    + " is read-only; allowed: GET, HEAD, OPTIONS.", ctx.request().path());
            ctx.response().setStatusCode(405)
                    .putHeader(HttpHeaders.ALLOW, "GET, HEAD, OPTIONS")
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(toJson(p));
        });
    }

    /** The checks every request passes first; see the class comment. */
    private void guard(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // RFC 9112 §3: method SP request-target SP HTTP-version, as the codec counts it (no line end)
        int line = request.method().name().length() + request.uri().length() + 10;
        if (line > maxRequestLine) {
            refuse(ctx, ProblemType.URI_TOO_LONG, 414, "The request line is " + line + " bytes long (its target "
                    + request.uri().length() + "); this service accepts up to " + maxRequestLine
                    + " bytes (mx20.http.max-request-line-length). No endpoint here takes long query strings: "
                    + "see /q/openapi.");
            return;
        }
        int headerSize = 0;
        String largest = null;
        int largestSize = 0;
        for (Map.Entry<String, String> h : request.headers()) {
            int size = h.getKey().length() + 2 + h.getValue().length(); // "Name: value"
            headerSize += size;
            if (size > largestSize) {
                largestSize = size;
                largest = h.getKey();
            }
        }
        if (headerSize > maxHeaderSize) {
            refuse(ctx, ProblemType.REQUEST_HEADER_FIELDS_TOO_LARGE, 431, "The header section is " + headerSize
                    + " bytes (counted as 'Name: value' lines, " + request.headers().size() + " fields); this service"
                    + " accepts up to " + maxHeaderSize + " bytes (mx20.http.max-header-size). The largest field is "
                    + shorten(largest) + " (" + largestSize + " bytes).");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredOver(length)) {
            // Closed once answered, as Quarkus' own check does: the client may still be sending the huge body.
            refuse(ctx, ProblemType.BODY_TOO_LARGE, 413, "The request body (" + length.trim()
                    + " bytes) is larger than the service's ceiling of " + ceiling
                    + " bytes (quarkus.http.limits.max-body-size).");
            return;
        }
        String coding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (coding != null && !coding.trim().equalsIgnoreCase("chunked")) {
            // The codec reads such a request as having no body and the rest of the connection as the next request,
            // so the endpoint would answer "the body is empty". RFC 9112 §6.1 suggests 501 for a transfer coding the
            // server does not understand; this service answers every bad request 4xx, so: 400, and close.
            refuse(ctx, ProblemType.BAD_REQUEST, 400, "Transfer-Encoding '" + coding.trim()
                    + "' is not supported (RFC 9112 §6.1): send the body as it is, with a Content-Length or "
                    + "Transfer-Encoding: chunked.");
            return;
        }
        ctx.next();
    }

    /**
     * Requests Vert.x Web refuses before any route runs: an HTTP/1.1 request without a (valid) Host header (RFC 9112
     * §3.2: a server MUST answer 400), an HTTP/2 request without :authority, a request target that is not a path
     * ({@code GET * HTTP/1.1}). Vert.x Web fails them with 400 and its exception's message (the last with an empty
     * 404), and Quarkus' own failure handler would answer {@code application/json} (or HTML) with only an error id, and
     * log an ERROR for what is the client's mistake. Answered 400 problem+json here and closed (a body, if any, is not
     * read). Every other failure goes on to the handlers behind (the resources' exception mappers answer theirs before
     * this is reached).
     */
    private void unroutable(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path();
        boolean noAuthority = request.version() != HttpVersion.HTTP_1_0 && request.authority() == null;
        boolean noPath = path == null || !path.startsWith("/");
        String detail;
        if (noPath && (ctx.statusCode() == 400 || ctx.statusCode() == 404)) {
            if (request.method() == HttpMethod.OPTIONS && "*".equals(request.uri())) {
                // RFC 9110 §9.3.7: OPTIONS * asks about the server as a whole; Vert.x Web would answer an empty 404
                ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD, POST, DELETE, OPTIONS").end();
                return;
            }
            // "GET *" and the like: Vert.x Web fails them with an empty 404, but it is the request that is wrong
            detail = "The request target must be a path starting with '/' (RFC 9112 §3.2), or '*' with OPTIONS: "
                    + "see /q/openapi.";
        } else if (noAuthority && ctx.statusCode() == 400) {
            detail = request.version() == HttpVersion.HTTP_2 ? "An HTTP/2 request needs the :authority pseudo-header."
                    : "An HTTP/1.1 request needs a valid Host header (RFC 9112 §3.2): the host name or address the "
                    + "request is for, with an optional :port" + (request.getHeader(HttpHeaders.HOST) == null
                    ? "; this request has none." : "; this one's is not a valid host[:port].");
        } else {
            ctx.next();
            return;
        }
        LOG.debugf("refused before routing: %s", ctx.failure());
        if (!ctx.response().headWritten()) {
            refuse(ctx, ProblemType.BAD_REQUEST, 400, detail);
        }
    }

    /**
     * Answers {@code status} with the problem and closes the connection once the answer is out: whatever follows
     * the head (a body, perhaps huge, or broken framing) is not read.
     */
    private void refuse(RoutingContext ctx, ProblemType type, int status, String detail) {
        String path = ctx.request().path();
        Problem p = Problem.of(type, status, detail, path != null && path.startsWith("/") ? path : null);
        ctx.response().endHandler(v -> ctx.request().connection().close());
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(toJson(p));
    }

    private static String shorten(String name) {
        return name.length() > 100 ? name.substring(0, 100) + "..." : name;
    }

    private static final String METRICS = "/q/metrics";

    /**
     * Whether Vert.x Web will route a GET of /q/metrics with this Accept header to the Prometheus handler: measured on
     * the packaged jar, it does for text/plain, text/* and *&#47;* (with any parameters) and answers everything else,
     * application/openmetrics-text without the route's exact parameters included, with an empty 406 from a router
     * this service cannot reach. This route answers those first, as problem+json.
     */
    static boolean acceptsMetrics(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        // The header is parsed here, not taken from RoutingContext.parsedHeaders(): those are filled only for routers
        // with routes that declare media types, which this one (the main router) does not.
        for (String range : accept.split(",")) {
            int semicolon = range.indexOf(';');
            String[] parts = (semicolon < 0 ? range : range.substring(0, semicolon)).trim().split("/", 2);
            String type = parts[0].trim();
            String sub = parts.length > 1 ? parts[1].trim() : "";
            if (("*".equals(type) && "*".equals(sub))
                    || ("text".equalsIgnoreCase(type) && ("*".equals(sub) || "plain".equalsIgnoreCase(sub)))) {
                return true;
            }
        }
        return false;
    }

    private boolean declaredOver(String length) {
        try {
            return Long.parseLong(length.trim()) > ceiling;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec has already refused such a request
        }
    }

    private String toJson(Problem p) {
        try {
            return json.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem always serialises", e);
        }
    }
}
