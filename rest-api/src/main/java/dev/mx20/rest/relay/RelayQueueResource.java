package dev.mx20.rest.relay;

import dev.mx20.rest.problem.Problem;
import dev.mx20.rest.problem.ProblemException;
import dev.mx20.rest.problem.ProblemType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;

/**
 * The hosted relay's queue: {@code GET /relay/queue} (like {@code mailq}) and {@code POST /relay/queue/flush}
 * (like {@code postqueue -f}). Both read or touch the spool on disk, so they run on worker threads (the default for
 * blocking signatures in Quarkus REST). When the service does not host the relay they answer 409, not 404: the
 * resource exists, the service's state does not allow it, and the detail says which keys change that.
 */
@Path("/relay/queue")
@Tag(name = "Hosted relay", description = "The relay's queue, when this service hosts the relay (mx20.relay.enabled).")
public class RelayQueueResource {
    private static final Logger LOG = Logger.getLogger(RelayQueueResource.class);

    static final String NOT_HOSTED = "This service does not host the relay. Set mx20.relay.enabled=true and "
            + "mx20.relay.config-file=<path to the relay configuration file> (system properties, environment "
            + "variables MX20_RELAY_ENABLED / MX20_RELAY_CONFIG_FILE, or application.properties; see "
            + "docs/configuration.md) and restart the service. A standalone relay's queue is listed and flushed "
            + "with `mx20-relay -c relay.cf queue list|flush`.";

    private final HostedRelay hosted;

    public RelayQueueResource(HostedRelay hosted) {
        this.hosted = hosted;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the hosted relay's queue",
            description = "Every message waiting for delivery, oldest first, with its pending recipients, attempts, "
                    + "next attempt and the reason of the last deferral (like mailq). An empty list is an empty queue.")
    @APIResponse(responseCode = "200", description = "The queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = QueuedMessageJson.class)))
    @APIResponse(responseCode = "409", description = "The service does not host the relay (the detail says how to enable it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The relay is stopping, or its spool cannot be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<QueuedMessageJson> list() {
        requireHosted();
        try {
            return hosted.listQueue().stream().map(QueuedMessageJson::of).toList();
        } catch (IOException e) {
            LOG.warnf("relay queue listing failed: %s", e.toString());
            throw new ProblemException(ProblemType.RELAY_UNAVAILABLE, 503,
                    "The relay's spool cannot be read: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw stopping();
        }
    }

    @POST
    @Path("/flush")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Retry deferred mail now",
            description = "Makes every message waiting for its next attempt due now (like postqueue -f) and answers "
                    + "how many were rescheduled; delivery then runs in the background. Takes no request body.")
    @APIResponse(responseCode = "200", description = "Flushed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FlushResultJson.class)))
    @APIResponse(responseCode = "409", description = "The service does not host the relay (the detail says how to enable it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The relay is stopping",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FlushResultJson flush() {
        requireHosted();
        try {
            return new FlushResultJson(hosted.flushQueue());
        } catch (IllegalStateException e) {
            throw stopping();
        }
    }

    private void requireHosted() {
        if (!hosted.enabled()) {
            throw new ProblemException(ProblemType.RELAY_NOT_HOSTED, 409, NOT_HOSTED);
        }
    }

    private static ProblemException stopping() {
        return new ProblemException(ProblemType.RELAY_UNAVAILABLE, 503,
                "The hosted relay is not running (the service is shutting down); try again after it restarts.");
    }
}
