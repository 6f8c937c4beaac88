package dev.mx20.rest.problem;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test-only resource (src/test, so only in @QuarkusTest applications, never in the jar): exercises the
 * mappers for paths the production endpoints do not have yet, a JSON body and a genuine bug.
 */
@Path("/test-probe")
public class ProbeResource {

    /** A JSON body with rules. */
    public record Order(@NotBlank String name, @Positive int count) {
    }

    @POST
    @Path("/json")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Order echo(@Valid Order order) {
        return order;
    }

    @GET
    @Path("/bug")
    @Produces(MediaType.APPLICATION_JSON)
    public String bug() {
        throw new IllegalStateException("a deliberate bug, for the catch-all mapper test");
    }
}
