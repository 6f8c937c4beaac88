package dev.mx20.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Guards in front of every route, answering as problem+json what Quarkus would answer bare or not at all.
 * First, 405 for write methods on the read-only /q/ endpoints. Second, 413 for a body whose Content-Length
 * exceeds {@code quarkus.http.limits.max-body-size}, the outer ceiling of every request. Quarkus enforces that ceiling itself, but with an empty 413; this route
 * runs just before Quarkus' check (order {@code ROUTE_ORDER_UPLOAD_LIMIT - 1}) so that clients get the same
 * RFC 9457 body as everywhere else. Bodies without Content-Length (chunked) are counted by Quarkus and by
 * the endpoints' own, smaller limits, and 400 for a transfer coding other than chunked. Third, the 406 of /q/metrics for an Accept header that excludes its media
 * types, which Vert.x Web answers with an empty body.
 */
@ApplicationScoped
public class EdgeRoutes {
    private final long ceiling;
    private final ObjectMapper json;

    public EdgeRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize ceiling,
                      ObjectMapper json) {
        this.ceiling = ceiling.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
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
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredOver(length)) {
                Problem p = Problem.of(ProblemType.BODY_TOO_LARGE, 413, "The request body (" + length.trim()
                        + " bytes) is larger than the service's ceiling of " + ceiling
                        + " bytes (quarkus.http.limits.max-body-size).", ctx.request().path());
                // Close once answered, as Quarkus' own check does: the client may still be sending the body.
                ctx.response().endHandler(v -> ctx.request().connection().close());
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE) // do not read the huge body
                        .end(toJson(p));
                return;
            }
            String coding = ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
            if (coding != null && !coding.trim().equalsIgnoreCase("chunked")) {
                // The codec reads such a request as having no body and the rest of the connection as the next request,
                // so the endpoint would answer "the body is empty". RFC 9112 §6.1 suggests 501 for a transfer coding the
                // server does not understand; this service answers every bad request 4xx, so: 400, and close.
                Problem p = Problem.of(ProblemType.BAD_REQUEST, 400, "Transfer-Encoding '" + coding.trim()
                        + "' is not supported (RFC 9112 §6.1): send the body as it is, with a Content-Length or "
                        + "Transfer-Encoding: chunked.", ctx.request().path());
                ctx.response().endHandler(v -> ctx.request().connection().close());
                ctx.response().setStatusCode(400)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                        .end(toJson(p));
                return;
            }
            ctx.next();
        });
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
