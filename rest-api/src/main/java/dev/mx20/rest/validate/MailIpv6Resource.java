package dev.mx20.rest.validate;

import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.validate.readiness.MailIpv6Readiness;
import dev.mx20.rest.problem.Problem;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.ArrayList;
import java.util.List;

/**
 * IPv6 mail readiness of any domain: {@code GET /domain/{name}/mail-ipv6} and the batch
 * {@code POST /domains/mail-ipv6} (a JSON array in input order, or NDJSON streamed as results complete).
 * DNS answers complete the response, no thread waits for them. The two batch methods take their JSON body on a
 * worker thread ({@link Blocking}) all the same: there the body is read with {@code quarkus.http.read-timeout},
 * while a non-blocking endpoint waits for a body that stops arriving until the connection's idle time-out
 * (measured on the packaged jar: 60 s instead of 30 s; MalformedRequestsIT). The thread is free again as soon
 * as the checks have started.
 */
@Path("/")
@Tag(name = "IPv6 mail readiness", description = "Which MX hosts of a domain are reachable over IPv6 and IPv4.")
public class MailIpv6Resource {
    /** NDJSON, one JSON document per line. */
    public static final String NDJSON = "application/x-ndjson";

    private final ValidateServices services;
    private final RequestValidation validation;

    public MailIpv6Resource(ValidateServices services, RequestValidation validation) {
        this.services = services;
        this.validation = validation;
    }

    @GET
    @Path("domain/{name}/mail-ipv6")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "IPv6 mail readiness of one domain")
    @APIResponse(responseCode = "200", description = "The readiness, including failed lookups (status LOOKUP_FAILED)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MailIpv6Readiness.class)))
    @APIResponse(responseCode = "400", description = "The name is not a domain name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<MailIpv6Readiness> one(@PathParam("name") @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(
            description = "The domain (letters, digits, hyphens; an IDN as its xn-- A-label)", example = "example.com")
                                      String name) {
        if (!DnsNames.isHostName(name)) {
            throw new InvalidRequestException(List.of(new Problem.Violation("name",
                    "must be a domain name such as example.com (letters, digits, hyphens; IDNs as xn-- A-labels)")), 1);
        }
        return Uni.createFrom().completionStage(() -> services.readiness().check(name));
    }

    @POST
    @Path("domains/mail-ipv6")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "IPv6 mail readiness of many domains (JSON array, input order)",
            description = "Concurrent and bounded (mx20.readiness.max-concurrent-lookups); every domain gets a "
                    + "result. Ask for application/x-ndjson to get results streamed as they complete.")
    @APIResponse(responseCode = "200", description = "One result per domain, in input order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MailIpv6Readiness.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or too many domains",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Blocking
    public Uni<List<MailIpv6Readiness>> batch(DomainBatchRequest request) {
        List<String> domains = domains(request);
        return Uni.createFrom().completionStage(() -> services.readiness().checkAll(domains, services.batchDeadline()));
    }

    @POST
    @Path("domains/mail-ipv6")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "IPv6 mail readiness of many domains, streamed as NDJSON in completion order")
    @Blocking
    public Multi<MailIpv6Readiness> stream(DomainBatchRequest request) {
        List<String> domains = domains(request);
        // a client that goes away cancels the stream: stop starting domains (no more DNS traffic for it); after
        // the batch deadline the domains not started yet are streamed at once as "not checked"
        return Multi.createFrom().emitter(emitter -> services.readiness()
                .checkAll(domains, emitter::emit, emitter::isCancelled, services.batchDeadline())
                .whenComplete((v, e) -> {
                    if (e != null) {
                        emitter.fail(e);
                    } else {
                        emitter.complete();
                    }
                }));
    }

    private List<String> domains(DomainBatchRequest request) {
        DomainBatchRequest r = validation.require(request);
        if (r.domains().size() > services.maxBatchDomains()) {
            throw new InvalidRequestException(List.of(new Problem.Violation("domains",
                    "must list at most " + services.maxBatchDomains() + " domains (mx20.readiness.batch.max-domains); "
                            + "it lists " + r.domains().size())), 1);
        }
        return new ArrayList<>(r.domains());
    }
}
