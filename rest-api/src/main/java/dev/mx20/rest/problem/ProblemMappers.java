package dev.mx20.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every exception that leaves a resource into an RFC 9457 {@code application/problem+json} answer,
 * replacing Quarkus' default mappers (which answer text or HTML). Only {@link #bug} answers 500, and it logs:
 * a 500 is always a bug in this service, never the client's fault.
 */
public final class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(Problem.of(e.type(), e.status(), e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.NOT_FOUND, 404,
                "No resource at " + path(uri) + ". The API is described at /q/openapi.", path(uri)));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if ((allow == null || allow.isBlank()) && path(uri) != null) {
            // Quarkus REST leaves it out for some paths (the /dsn ones); the annotations say what they answer.
            allow = AllowedMethods.service().allow(path(uri)).orElse(null);
        }
        Response.ResponseBuilder b = Response.status(405).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(ProblemType.METHOD_NOT_ALLOWED, 405,
                        path(uri) + " does not support this method"
                                + (allow == null ? "." : "; allowed: " + allow + "."), path(uri)));
        if (allow != null) {
            b.header(HttpHeaders.ALLOW, allow); // RFC 9110 §15.5.6: a 405 MUST carry Allow
        }
        return b.build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.NOT_ACCEPTABLE, 406,
                "None of the media types in the Accept header can be produced here; see /q/openapi for what "
                        + path(uri) + " answers with.", path(uri)));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri, HttpHeaders headers) {
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return respond(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, 415,
                "Content-Type " + (type == null ? "(none)" : "'" + type + "'")
                        + " is not accepted by " + path(uri) + "; see /q/openapi for the accepted types.",
                path(uri)));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        String detail = violations.stream().map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; ")) + ".";
        return respond(new Problem(ProblemType.INVALID_PARAMETER.uri(), ProblemType.INVALID_PARAMETER.title(),
                400, detail, path(uri), violations));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownField(u, uri);
        }
        if (e.getCause() instanceof IOException io && !(io instanceof JsonProcessingException)) {
            return unreadable(io, uri); // Jackson wraps the body's read time-out: not malformed JSON, a body that stopped
        }
        // The original message names the position; it never echoes more than a short excerpt of the input.
        String at = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            at = " (at " + m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")) + ")";
        }
        return respond(Problem.of(ProblemType.MALFORMED_JSON, 400,
                "The JSON body could not be read" + at + ": " + e.getOriginalMessage(), path(uri)));
    }

    /**
     * A field the request does not have (quarkus.jackson.fail-on-unknown-properties=true): a misspelt option
     * ({@code smartHost} for {@code smarthost}) must not be dropped silently, or the answer is about a request the
     * client did not mean. Answered like a field that breaks its rule: 400 naming it, with the fields there are.
     */
    private static Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String at = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String known = e.getKnownPropertyIds() == null ? "" : "; the fields are: " + e.getKnownPropertyIds().stream()
                .map(String::valueOf).sorted().collect(Collectors.joining(", "));
        Problem.Violation v = new Problem.Violation(at, "is not a field of this request" + known);
        return respond(new Problem(ProblemType.INVALID_PARAMETER.uri(), ProblemType.INVALID_PARAMETER.title(), 400,
                at + " " + v.message() + ".", path(uri), List.of(v)));
    }

    /** Quarkus ships its own (application/json) mapper for this subtype; this one replaces it. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri); // Quarkus wraps a syntax error of the JSON body in a 400 WebApplicationException
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return bug(e, uri);
        }
        Response.StatusType phrase = Response.Status.fromStatusCode(status);
        String title = phrase == null ? "HTTP " + status : phrase.getReasonPhrase();
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? title : e.getMessage();
        return respond(new Problem("about:blank", title, status, detail, path(uri), null));
    }

    /**
     * The body of a request could not be read: it stopped arriving ({@code quarkus.http.read-timeout}) or the
     * connection broke while Quarkus REST read it for a JSON endpoint. The client's fault or the network's, never a
     * bug: a 400 (which a client that is still there receives), logged at debug level only.
     * {@link JsonProcessingException}, an IOException too, has its own mapper above.
     */
    @ServerExceptionMapper
    public Response unreadable(IOException e, UriInfo uri) {
        LOG.debugf("request body of %s unreadable: %s", path(uri), e);
        return respond(Problem.of(ProblemType.UNREADABLE_BODY, 400, "The request body could not be read ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "): it stopped arriving for longer than the read time-out, or the connection broke.", path(uri)));
    }

    @ServerExceptionMapper
    public Response bug(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Unhandled exception on %s", path(uri));
        return respond(Problem.of(ProblemType.INTERNAL_ERROR, 500,
                "The service failed unexpectedly; the error is logged. This is a bug, not a problem with the request.",
                path(uri)));
    }

    private static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + stripLeadingSlash(uri.getPath());
    }

    private static String stripLeadingSlash(String p) {
        return p.startsWith("/") ? p.substring(1) : p;
    }

    /** "batch.params.top" names Java methods and fields; clients know the parameter as "top". */
    private static String field(ConstraintViolation<?> v) {
        String path = String.valueOf(v.getPropertyPath());
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
