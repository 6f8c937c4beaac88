package dev.mx20.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Completes /q/openapi where annotations cannot reach (registered as {@code mp.openapi.filter}): descriptions of
 * the schemas that come from relay-core records and from SmallRye Health (relay-core's public API carries no
 * framework annotations, by design), an example for every answer and request body that has none, and the
 * descriptions of the non-JAX-RS endpoints /q/metrics and /q/openapi. It only adds what is missing: whatever the
 * resources declare themselves wins. {@code OpenApiContractTest} walks the result and fails on any schema property,
 * parameter, request or answer left without a description or an example.
 */
public class OpenApiCompletion implements OASFilter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Descriptions of schemas that are not this module's: "Schema" or "Schema.property". */
    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("MailIpv6Readiness", "The IPv6 mail readiness of one domain: its MX hosts and their address families."),
            Map.entry("MailIpv6Readiness.domain", "The domain as asked (normalised when it is a valid name)"),
            Map.entry("MailIpv6Readiness.status", "The summary: which senders can deliver to the domain"),
            Map.entry("MailIpv6Readiness.nullMx", "The domain publishes \"MX 0 .\" (RFC 7505): it accepts no mail"),
            Map.entry("MailIpv6Readiness.implicitMx", "No MX record: senders use the domain's own addresses (RFC 5321 §5.1)"),
            Map.entry("MailIpv6Readiness.mxHosts", "The MX hosts, lowest preference first"),
            Map.entry("MailIpv6Readiness.allMxHaveIpv6", "Every MX host has an AAAA record"),
            Map.entry("MailIpv6Readiness.errors", "Lookups that failed (name, type, status); empty when every lookup answered"),
            Map.entry("MailIpv6Readiness.elapsedMillis", "How long the check took, in milliseconds"),
            Map.entry("MxHostReadiness", "One MX host of a domain and its addresses."),
            Map.entry("MxHostReadiness.host", "The host name (the domain itself for an implicit MX)"),
            Map.entry("MxHostReadiness.preference", "Its MX preference (0 for an implicit MX)"),
            Map.entry("MxHostReadiness.ipv6", "Its AAAA addresses (RFC 5952 form)"),
            Map.entry("MxHostReadiness.ipv4", "Its A addresses"),
            Map.entry("MxHostReadiness.ptr", "Each address's PTR names (an empty list: no PTR), IPv6 addresses first"),
            Map.entry("MxHostReadiness.alias", "The host name is a CNAME (RFC 2181 §10.3 forbids that for MX targets)"),
            Map.entry("ReadinessStatus", "How a domain receives mail: IPV6_AND_IPV4 (every sender can deliver), IPV6_ONLY "
                    + "(IPv4-only senders cannot: the case the MX 20 relay fixes), IPV4_ONLY (IPv6-only senders cannot), "
                    + "NO_ADDRESSES (MX hosts without addresses), NULL_MX (RFC 7505: no mail), NO_MAIL_DOMAIN (NXDOMAIN, or "
                    + "neither MX nor addresses), LOOKUP_FAILED (see errors), INVALID_NAME (not a domain name; nothing looked up)."),
            Map.entry("RoutingMode", "How the relay forwards mail for the domain: MX_LOOKUP (to the domain's MX hosts, the "
                    + "relay skipping itself) or a fixed forward target (docs/checks.md)."),
            Map.entry("Instant", "A point in time, ISO 8601 in UTC"),
            Map.entry("HealthResponse", "MicroProfile Health answer: UP with 200, DOWN with 503."),
            Map.entry("HealthResponse.status", "UP when every check is UP"),
            Map.entry("HealthResponse.checks", "The individual checks"),
            Map.entry("HealthCheck", "One health check."),
            Map.entry("HealthCheck.name", "The check's name (dsn-analyzer, mx20-relay)"),
            Map.entry("HealthCheck.status", "UP or DOWN"),
            Map.entry("HealthCheck.data", "What the check saw (e.g. the relay's state and listening addresses)"));

    static final String READINESS = """
            {"domain": "example.com", "status": "IPV6_AND_IPV4", "nullMx": false, "implicitMx": false,
             "mxHosts": [
               {"host": "v6only.example.com", "preference": 10, "ipv6": ["2001:db8::1"], "ipv4": [],
                "ptr": {"2001:db8::1": ["v6only.example.com"]}, "alias": false},
               {"host": "relay.example.com", "preference": 20, "ipv6": ["2001:db8::20"], "ipv4": ["192.0.2.1"],
                "ptr": {"2001:db8::20": ["relay.example.com"], "192.0.2.1": ["relay.example.com"]}, "alias": false}],
             "allMxHaveIpv6": true, "errors": [], "elapsedMillis": 14}""";
    static final String INVALID_NAME = """
            {"domain": "not a domain", "status": "INVALID_NAME", "nullMx": false, "implicitMx": false, "mxHosts": [],
             "allMxHaveIpv6": false, "errors": ["not a domain name"], "elapsedMillis": 0}""";
    static final String QUEUED = """
            {"queueId": "19C4F0E1A2B3C0001", "sender": "alice@example.org",
             "recipients": [{"address": "bob@example.com", "notifyOn": ["delay", "failure"]}],
             "size": 812, "arrival": "2026-11-21T20:31:05.120Z", "attempts": 1, "nextAttempt": "2026-11-21T20:36:05.300Z",
             "lastErrors": [{"recipient": "bob@example.com", "status": "4.3.2", "replyCode": 421,
                             "diagnostic": "421 4.3.2 try later", "remoteAddress": "2001:db8::1",
                             "attemptedAt": "2026-11-21T20:31:06.010Z"}],
             "held": false}""";
    static final String VALIDATION_REQUEST = """
            {"domains": ["example.com"], "primaryHost": "v6only.example.com", "primaryPreference": 10,
             "relayHost": "relay.example.com", "relayPreference": 20, "relayIpv4": "192.0.2.1",
             "relayIpv6": "2001:db8::20", "smarthost": true,
             "dnsRecords": ["@ IN MX 10 v6only", "@ IN MX 20 relay", "v6only IN AAAA 2001:db8::1",
                            "relay IN A 192.0.2.1", "relay IN AAAA 2001:db8::20"]}""";
    static final String VALIDATION_REPORT = """
            {"valid": false, "mode": "offline", "errors": 4, "warnings": 2, "infos": 6,
             "findings": [{"code": "MX_ADDRESS_DOCUMENTATION", "severity": "info", "subject": "v6only.example.com",
               "message": "2001:db8::1 is a documentation address (RFC 3849 / RFC 5737): fine for planning, but nobody can deliver to it.",
               "remedy": "Replace it with the host's real public address before publishing.",
               "evidence": ["v6only.example.com A: NODATA", "v6only.example.com AAAA 2001:db8::1"]}],
             "passed": ["MX_PRIMARY_IS_RELAY", "MX_RELAY_PREFERENCE_NOT_HIGHER"], "dnsQueries": 13}""";
    static final String HEALTH_UP = """
            {"status": "UP", "checks": [{"name": "dsn-analyzer", "status": "UP", "data": {"recipients": 1}},
              {"name": "mx20-relay", "status": "UP", "data": {"state": "disabled"}}]}""";
    static final String HEALTH_DOWN = """
            {"status": "DOWN", "checks": [{"name": "mx20-relay", "status": "DOWN", "data": {"state": "stopped"}}]}""";
    static final String METRICS = """
            # TYPE mx20_dsn_messages_total counter
            mx20_dsn_messages_total{kind="dsn"} 42.0
            """;

    /** Examples of successful answers (and request bodies), by "METHOD path status media-type". */
    static final Map<String, String> EXAMPLES = Map.ofEntries(
            Map.entry("GET /domain/{name}/mail-ipv6 200 application/json", READINESS),
            Map.entry("POST /domains/mail-ipv6 200 application/json", "[" + READINESS + ", " + INVALID_NAME + "]"),
            Map.entry("POST /domains/mail-ipv6 200 application/x-ndjson", READINESS.replace("\n", "") + "\n"
                    + INVALID_NAME.replace("\n", "") + "\n"),
            Map.entry("POST /domains/mail-ipv6 request application/json",
                    "{\"domains\": [\"example.com\", \"not a domain\"]}"),
            Map.entry("POST /relay/validate request application/json", VALIDATION_REQUEST),
            Map.entry("POST /relay/validate 200 application/json", VALIDATION_REPORT),
            Map.entry("GET /relay/queue 200 application/json", "[" + QUEUED + "]"),
            Map.entry("GET /relay/queue/corrupt 200 application/json", """
                    [{"queueId": "19C4F0E1A2B3C0002", "reason": "content file missing (19C4F0E1A2B3C0002.eml)",
                      "quarantinedAt": "2026-11-21T20:40:00Z", "hasEnvelope": true, "hasContent": false}]"""),
            Map.entry("POST /relay/queue/flush 200 application/json", "{\"rescheduled\": 3}"),
            Map.entry("POST /relay/queue/{id}/hold 200 application/json", QUEUED.replace("\"held\": false", "\"held\": true")),
            Map.entry("POST /relay/queue/{id}/release 200 application/json", QUEUED));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().forEach(this::describe);
        }
        if (openAPI.getPaths() == null) {
            return;
        }
        addOperationalEndpoints(openAPI);
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, op) ->
                complete(method.name(), path, op)));
    }

    private void describe(String name, Schema schema) {
        if (schema.getDescription() == null && DESCRIPTIONS.containsKey(name)) {
            schema.setDescription(DESCRIPTIONS.get(name));
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((property, s) -> {
                String d = DESCRIPTIONS.get(name + "." + property);
                if (s.getDescription() == null && d != null) {
                    s.setDescription(d);
                }
            });
        }
    }

    private void complete(String method, String path, Operation op) {
        if (op.getParameters() != null) {
            for (Parameter p : op.getParameters()) {
                if (p.getDescription() == null && p.getSchema() != null && p.getSchema().getDescription() != null) {
                    p.setDescription(p.getSchema().getDescription());
                }
            }
        }
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
            Map<String, MediaType> types = op.getRequestBody().getContent().getMediaTypes();
            types.forEach((type, media) -> exampleIfMissing(media, method + " " + path + " request " + type));
            // the endpoints that take raw bytes take the same bytes under each media type: one example serves all
            MediaType withExample = types.values().stream().filter(OpenApiCompletion::hasExample).findFirst().orElse(null);
            if (withExample != null) {
                types.values().stream().filter(m -> !hasExample(m)).forEach(m -> m.setExamples(withExample.getExamples()));
            }
        }
        if (op.getResponses() == null || op.getResponses().getAPIResponses() == null) {
            return;
        }
        if (!path.startsWith("/q/")) {
            // what Quarkus REST answers for every resource method, documented where the resource did not say it
            if (op.getRequestBody() != null && op.getResponses().getAPIResponse("415") == null) {
                op.getResponses().addAPIResponse("415", problemResponse("Content-Type is not one of the accepted types"));
            }
            boolean answersContent = op.getResponses().getAPIResponses().entrySet().stream()
                    .anyMatch(e -> e.getKey().startsWith("2") && e.getValue().getContent() != null);
            if (answersContent && op.getResponses().getAPIResponse("406") == null) {
                op.getResponses().addAPIResponse("406", problemResponse("Accept allows none of the media types answered here"));
            }
        }
        op.getResponses().getAPIResponses().forEach((status, response) -> {
            if (response.getContent() == null) {
                return;
            }
            response.getContent().getMediaTypes().forEach((type, media) -> {
                exampleIfMissing(media, method + " " + path + " " + status + " " + type);
                if (!hasExample(media) && "application/problem+json".equals(type)) {
                    media.addExample("problem", OASFactory.createExample().value(problem(path, Integer.parseInt(status))));
                }
                if (!hasExample(media) && path.startsWith("/q/health")) {
                    media.addExample(status.equals("200") ? "up" : "down", OASFactory.createExample()
                            .value(parse(status.equals("200") ? HEALTH_UP : HEALTH_DOWN)));
                }
            });
        });
    }

    private static void exampleIfMissing(MediaType media, String key) {
        String example = EXAMPLES.get(key);
        if (!hasExample(media) && example != null) {
            Object value = key.endsWith("application/x-ndjson") ? example : parse(example);
            media.addExample("example", OASFactory.createExample().value(value));
        }
    }

    static boolean hasExample(MediaType media) {
        return media.getExample() != null || (media.getExamples() != null && !media.getExamples().isEmpty());
    }

    /**
     * A problem details example for an error answer the resource documents without one: the type a client meets
     * there with that status (docs/rest-api.md, "Errors").
     */
    static Map<String, Object> problem(String path, int status) {
        String type = "about:blank";
        String title;
        String detail;
        switch (status) {
            case 400 -> {
                title = "Invalid parameter";
                type = "tag:mx20.dev,2025:problem/invalid-parameter";
                detail = switch (path) {
                    case "/dsn/classify/batch" -> "top must be less than or equal to 100.";
                    case "/relay/queue" -> "limit must be a whole number.";
                    case "/domain/{name}/mail-ipv6" -> "name must be a domain name such as example.com (letters, digits, "
                            + "hyphens; IDNs as xn-- A-labels).";
                    case "/dsn/classify" -> null;
                    default -> "domains must not be empty; primaryHost must not be null.";
                };
                if (detail == null) {
                    title = "Request body unreadable";
                    type = "tag:mx20.dev,2025:problem/unreadable-body";
                    detail = "The request body could not be read (IOException: Read timed out).";
                }
            }
            case 404 -> {
                title = "Not Found";
                detail = "No message with queue id 19C4F0E1A2B3C0001 is in the relay's queue (delivered, deleted, or never there).";
            }
            case 405 -> {
                title = "Method Not Allowed";
                detail = path + " does not support this method.";
            }
            case 406 -> {
                title = "Not Acceptable";
                detail = "None of the media types in the Accept header can be produced here; see /q/openapi for what "
                        + path + " answers with.";
            }
            case 409 -> {
                title = "Relay not hosted";
                type = "tag:mx20.dev,2025:problem/relay-not-hosted";
                detail = "This service does not host the relay. Set mx20.relay.enabled=true and mx20.relay.config-file=... "
                        + "and restart the service.";
            }
            case 413 -> {
                title = "Mailbox too large";
                type = "tag:mx20.dev,2025:problem/batch-too-large";
                detail = "The mailbox is larger than the limit of 1073741824 bytes (mx20.dsn.batch.max-size).";
            }
            case 415 -> {
                title = "Unsupported Media Type";
                String refused = path.startsWith("/dsn/") ? "application/json" : "text/plain";
                detail = "Content-Type '" + refused + "' is not accepted by " + path + "; see /q/openapi for the accepted types.";
            }
            case 422 -> {
                title = "Not an mbox mailbox";
                type = "tag:mx20.dev,2025:problem/not-an-mbox";
                detail = "The body does not start with a From_ line (\"From sender date\", RFC 4155), so it is not an mbox "
                        + "mailbox. POST a single message to /dsn/classify instead.";
            }
            case 503 -> {
                title = "Relay unavailable";
                type = "tag:mx20.dev,2025:problem/relay-unavailable";
                detail = "The hosted relay is not running (the service is shutting down); try again after it restarts.";
            }
            default -> {
                title = "HTTP " + status;
                detail = "See docs/rest-api.md, \"Errors\".";
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", path.replace("{id}", "19C4F0E1A2B3C0001").replace("{name}", "example.com"));
        return p;
    }

    /** /q/metrics and /q/openapi are Vert.x routes, not JAX-RS resources: the scan does not see them. */
    private static void addOperationalEndpoints(OpenAPI openAPI) {
        if (openAPI.getPaths().getPathItem("/q/metrics") == null) {
            Operation get = OASFactory.createOperation().summary("Metrics (Prometheus)")
                    .description("Micrometer's Prometheus registry: mx20_dsn_messages_total{kind}, "
                            + "mx20_dsn_recipients_total{category,ipv6}, mx20_dsn_rejected_total{type}, "
                            + "http_server_requests_seconds and the JVM's metrics.")
                    .addTag("Operations")
                    .responses(OASFactory.createAPIResponses()
                            .addAPIResponse("200", OASFactory.createAPIResponse().description("The metrics")
                                    .content(content("text/plain", OASFactory.createSchema().addType(Schema.SchemaType.STRING),
                                            METRICS)))
                            .addAPIResponse("406", problemResponse("Accept allows neither text/plain nor "
                                    + "application/openmetrics-text")));
            openAPI.getPaths().addPathItem("/q/metrics", OASFactory.createPathItem().GET(get));
        }
        if (openAPI.getPaths().getPathItem("/q/openapi") == null) {
            Operation get = OASFactory.createOperation().summary("This document")
                    .description("The OpenAPI document of the service: YAML, or JSON with ?format=json or "
                            + "Accept: application/json. Browsable at /q/swagger-ui.")
                    .addTag("Operations")
                    .addParameter(OASFactory.createParameter().name("format").in(Parameter.In.QUERY)
                            .description("json or yaml (default yaml)")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                                    .enumeration(java.util.List.of("json", "yaml"))))
                    .responses(OASFactory.createAPIResponses()
                            .addAPIResponse("200", OASFactory.createAPIResponse().description("The document")
                                    .content(content("application/yaml", OASFactory.createSchema()
                                            .addType(Schema.SchemaType.STRING), "openapi: 3.1.0\ninfo:\n  title: mx20 API\n"))));
            openAPI.getPaths().addPathItem("/q/openapi", OASFactory.createPathItem().GET(get));
        }
    }

    private static Content content(String type, Schema schema, Object example) {
        MediaType media = OASFactory.createMediaType().schema(schema)
                .addExample("example", OASFactory.createExample().value(example));
        return OASFactory.createContent().addMediaType(type, media);
    }

    /** An error answer with the Problem schema; its example is added with the others (by path and status). */
    private static APIResponse problemResponse(String description) {
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"));
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/problem+json", media));
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an example in OpenApiCompletion is not JSON: " + json, e);
        }
    }
}
