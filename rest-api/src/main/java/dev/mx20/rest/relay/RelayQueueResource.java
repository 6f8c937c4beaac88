package dev.mx20.rest.relay;

import dev.mx20.rest.problem.Problem;
import dev.mx20.rest.problem.ProblemException;
import dev.mx20.rest.problem.ProblemType;
import dev.mx20.relay.spool.SpooledMessage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The hosted relay's queue: {@code GET /relay/queue} (like {@code mailq}), {@code POST /relay/queue/flush}
 * (like {@code postqueue -f}), and per message {@code POST /relay/queue/{id}/hold}, {@code POST
 * /relay/queue/{id}/release} and {@code DELETE /relay/queue/{id}} (like {@code postsuper -h/-H/-d}). A queue id
 * is upper-case hexadecimal; anything else cannot name a message and gets the same 404 as an unknown id (the path
 * template's pattern keeps {@code /relay/queue/flush} a separate resource). Both read or touch the spool on disk, so they run on worker threads (the default for
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

    /**
     * Default page: every listed message costs one envelope read and about 430 bytes of JSON (docs/benchmarks.md:
     * 10 000 queued = 4.3 MB and 0.1-0.2 s), so an unbounded default would let one GET on a backed-up relay cost seconds.
     */
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 100_000;
    static final String QUEUE_SIZE = "X-Queue-Size";

    private final HostedRelay hosted;

    public RelayQueueResource(HostedRelay hosted) {
        this.hosted = hosted;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the hosted relay's queue",
            description = "The messages waiting for delivery, oldest first (at most limit; X-Queue-Size gives the total), "
                    + "with their pending recipients, attempts, next attempt and the reason of the last deferral "
                    + "(like mailq). An empty list is an empty queue.")
    @APIResponse(responseCode = "200", description = "The queue (the oldest `limit` messages)",
            headers = @Header(name = QUEUE_SIZE, description = "How many messages are queued in all",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = QueuedMessageJson.class)))
    @APIResponse(responseCode = "400", description = "limit is not a whole number from 1 to " + MAX_LIMIT,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The service does not host the relay (the detail says how to enable it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The relay is stopping, or its spool cannot be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<List<QueuedMessageJson>> list(
            // Bound as text, like BatchParams.top: a non-number then gets a 400 naming the parameter, not a 404.
            @RestQuery @Pattern(regexp = "[0-9]{1,9}", message = "must be a whole number") @Min(1) @Max(MAX_LIMIT)
            @Parameter(description = "Return at most this many messages, the oldest first (1-" + MAX_LIMIT
                    + "); default " + DEFAULT_LIMIT + ". X-Queue-Size says how many are queued in all.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_LIMIT))
            String limit) {
        requireHosted();
        try {
            List<SpooledMessage> all = hosted.listQueue();
            int n = Math.min(all.size(), limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit));
            return RestResponse.ResponseBuilder.ok(all.subList(0, n).stream().map(QueuedMessageJson::of).toList())
                    .header(QUEUE_SIZE, all.size()).build();
        } catch (IOException e) {
            LOG.warnf("relay queue listing failed: %s", e.toString());
            throw new ProblemException(ProblemType.RELAY_UNAVAILABLE, 503,
                    "The relay's spool cannot be read: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw stopping();
        }
    }

    @GET
    @Path("/corrupt")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the hosted relay's corrupt queue",
            description = "Messages the relay answered 250 for but can neither deliver nor bounce: their envelope "
                    + "cannot be read, or their content file is gone (Postfix's corrupt queue). The relay never "
                    + "deletes them; an operator repairs the files (queue_directory/corrupt/) and releases a message "
                    + "(POST /relay/queue/{id}/release), or deletes it (DELETE /relay/queue/{id}). Oldest first.")
    @APIResponse(responseCode = "200", description = "The corrupt queue (usually empty)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = CorruptMessageJson.class)))
    @APIResponse(responseCode = "409", description = "The service does not host the relay (the detail says how to enable it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The relay is stopping, or its spool cannot be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<CorruptMessageJson> corrupt() {
        requireHosted();
        try {
            return hosted.listCorrupt().stream().map(CorruptMessageJson::of).toList();
        } catch (IOException e) {
            LOG.warnf("relay corrupt queue listing failed: %s", e.toString());
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

    /** Path template of one message: the relay's queue ids are upper-case hexadecimal. */
    static final String ID = "{id: [0-9A-F]{1,64}}";
    static final String ID_DESCRIPTION = "The message's queue id (upper-case hexadecimal, as listed by GET /relay/queue)";

    @POST
    @Path("/" + ID + "/hold")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Put a queued message on hold",
            description = "Like postsuper -h: the message stays queued (and listed, with held=true) but is not retried, "
                    + "not even by a flush or after a restart, until released. Durable. Takes no request body.")
    @APIResponse(responseCode = "200", description = "On hold; the message as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QueuedMessageJson.class)))
    @APIResponse(responseCode = "404", description = "No queued message has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The service does not host the relay",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The relay is stopping, or its spool cannot be written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public QueuedMessageJson hold(@jakarta.ws.rs.PathParam("id") @Parameter(description = ID_DESCRIPTION) String id) {
        requireHosted();
        return QueuedMessageJson.of(found(id, () -> hosted.holdMessage(id)));
    }

    @POST
    @Path("/" + ID + "/release")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Release a held message",
            description = "Like postsuper -H: a held message is retried now. Releasing a message that is not held "
                    + "changes nothing. A message in the corrupt queue goes back into the queue if its files now "
                    + "read (an operator repaired them); else 409. Takes no request body.")
    @APIResponse(responseCode = "200", description = "Released; the message as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QueuedMessageJson.class)))
    @APIResponse(responseCode = "404", description = "No queued message has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The service does not host the relay, or the message is in the "
            + "corrupt queue and still cannot be read (message-corrupt; the detail gives the reason)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The relay is stopping, or its spool cannot be written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public QueuedMessageJson release(@jakarta.ws.rs.PathParam("id") @Parameter(description = ID_DESCRIPTION) String id) {
        requireHosted();
        return QueuedMessageJson.of(found(id, () -> {
            Optional<SpooledMessage> m = hosted.releaseMessage(id);
            if (m.isEmpty()) {
                Optional<dev.mx20.relay.spool.CorruptMessage> c = hosted.listCorrupt().stream()
                        .filter(x -> x.queueId().equals(id)).findFirst();
                if (c.isPresent()) {
                    throw new ProblemException(ProblemType.MESSAGE_CORRUPT, 409, "Message " + id + " stays in the "
                            + "relay's corrupt queue: " + c.get().reason() + ". Repair its files or delete it.");
                }
            }
            return m;
        }));
    }

    @DELETE
    @Path("/" + ID)
    @Operation(summary = "Delete a queued message",
            description = "Like postsuper -d: the message is removed without a DSN to anyone, also from the corrupt "
                    + "queue. An attempt in progress finishes, but its results are dropped.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No queued message has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The service does not host the relay",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The relay is stopping, or its spool cannot be written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<Void> delete(@jakarta.ws.rs.PathParam("id") @Parameter(description = ID_DESCRIPTION) String id) {
        requireHosted();
        found(id, () -> hosted.deleteMessage(id) ? Optional.of(Boolean.TRUE) : Optional.empty());
        return RestResponse.noContent();
    }

    /** One spool operation; what it can throw. */
    private interface SpoolCall<T> {
        Optional<T> call() throws IOException;
    }

    private <T> T found(String id, SpoolCall<T> op) {
        try {
            return op.call().orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, 404,
                    "No message with queue id " + id + " is in the relay's queue (delivered, deleted, or never there)."));
        } catch (IOException e) {
            LOG.warnf("relay queue operation on %s failed: %s", id, e.toString());
            throw new ProblemException(ProblemType.RELAY_UNAVAILABLE, 503,
                    "The relay's spool cannot be changed: " + e.getMessage());
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
