package dev.mx20.rest.validate;

import dev.mx20.rest.problem.Problem;
import dev.mx20.rest.problem.ProblemType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * Answers {@link InvalidRequestException} with the same RFC 9457 body as the shared mappers' 400 for invalid
 * parameters, but with full field paths ({@code recipients[3]}, {@code dnsRecords[0]}): the shared mapper keeps only
 * the last path segment, which for list elements is "&lt;list element&gt;".
 */
public final class ValidateProblemMapper {
    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        String shown = e.violations().stream().limit(5).map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; "));
        String more = e.total() > 5 ? "; and " + (e.total() - 5) + " more" : "";
        String cut = e.total() > e.violations().size()
                ? " (the first " + e.violations().size() + " of " + e.total() + " are listed)" : "";
        Problem p = new Problem(ProblemType.INVALID_PARAMETER.uri(), ProblemType.INVALID_PARAMETER.title(), 400,
                shown + more + "." + cut, "/" + uri.getPath().replaceFirst("^/", ""), e.violations());
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
