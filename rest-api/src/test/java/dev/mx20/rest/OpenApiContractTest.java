package dev.mx20.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks /q/openapi and fails on anything a client would miss: an endpoint of the code that is not documented, an
 * operation without a summary, a parameter, schema or schema property without a description, a request body or an
 * answer without an example, an error answer that is not the RFC 9457 Problem schema (or whose example has another
 * status). The endpoints are found in the compiled classes, so a new one cannot slip past undocumented.
 */
@QuarkusTest
class OpenApiContractTest {
    private static final Map<Class<? extends Annotation>, String> METHODS = Map.of(GET.class, "get", POST.class, "post",
            PUT.class, "put", DELETE.class, "delete", PATCH.class, "patch", HEAD.class, "head");

    private JsonNode doc;
    private final List<String> gaps = new ArrayList<>();

    @BeforeEach
    void load() {
        doc = Fixtures.json(given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
    }

    /** "post /dsn/classify", from the JAX-RS annotations of the service's classes. */
    static Set<String> codeEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        for (Class<?> c : MainClasses.all()) {
            Path base = c.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                for (Map.Entry<Class<? extends Annotation>, String> verb : METHODS.entrySet()) {
                    if (m.isAnnotationPresent(verb.getKey())) {
                        Path sub = m.getAnnotation(Path.class);
                        String path = ("/" + base.value() + "/" + (sub == null ? "" : sub.value()))
                                .replaceAll("\\{(\\w+)\\s*:(?:[^{}]|\\{[^{}]*})*}", "{$1}") // {id: [0-9A-F]{1,64}} -> {id}
                                .replaceAll("/+", "/");
                        if (path.length() > 1 && path.endsWith("/")) {
                            path = path.substring(0, path.length() - 1);
                        }
                        endpoints.add(verb.getValue() + " " + path);
                    }
                }
            }
        }
        return endpoints;
    }

    @Test
    void everyEndpointOfTheCodeAndTheOperationalOnesAreDocumented() {
        Set<String> code = codeEndpoints();
        assertTrue(code.size() >= 11, "the scan found too few endpoints to be right: " + code);
        for (String endpoint : code) {
            String[] e = endpoint.split(" ", 2);
            if (doc.path("paths").path(e[1]).path(e[0]).isMissingNode()) {
                gaps.add("not documented: " + endpoint);
            }
        }
        for (String path : List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi")) {
            if (doc.path("paths").path(path).path("get").isMissingNode()) {
                gaps.add("not documented: get " + path);
            }
        }
        assertTrue(gaps.isEmpty(), String.join("\n", gaps));
    }

    @Test
    void everyOperationParameterRequestAndAnswerIsDescribedWithAnExample() {
        Set<String> code = codeEndpoints();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String where = op.getKey() + " " + path.getKey();
                if (!METHODS.containsValue(op.getKey())
                        || !(code.contains(where) || path.getKey().startsWith("/q/"))) {
                    continue; // test-only resources of @QuarkusTest runs are not the service's
                }
                operation(where, path.getKey(), op.getValue(), code.contains(where));
            }
        }
        assertTrue(gaps.isEmpty(), gaps.size() + " gaps in /q/openapi:\n" + String.join("\n", gaps));
    }

    private void operation(String where, String path, JsonNode op, boolean resource) {
        if (op.path("summary").asText().isBlank() && op.path("description").asText().isBlank()) {
            gaps.add(where + ": no summary or description");
        }
        for (JsonNode p : op.path("parameters")) {
            if (p.path("description").asText().isBlank()) {
                gaps.add(where + ": parameter " + p.path("name").asText() + " has no description");
            }
        }
        JsonNode body = op.path("requestBody");
        if (!body.isMissingNode()) {
            for (Iterator<Map.Entry<String, JsonNode>> types = body.path("content").fields(); types.hasNext(); ) {
                Map.Entry<String, JsonNode> t = types.next();
                if (!hasExample(t.getValue())) {
                    gaps.add(where + ": request body " + t.getKey() + " has no example");
                }
            }
        }
        JsonNode responses = op.path("responses");
        if (resource) {
            if (!body.isMissingNode() && responses.path("415").isMissingNode()) {
                gaps.add(where + ": takes a body but does not document 415");
            }
            boolean answersContent = false;
            for (Iterator<Map.Entry<String, JsonNode>> codes = responses.fields(); codes.hasNext(); ) {
                Map.Entry<String, JsonNode> r = codes.next();
                answersContent |= r.getKey().startsWith("2") && !r.getValue().path("content").isMissingNode();
            }
            if (answersContent && responses.path("406").isMissingNode()) {
                gaps.add(where + ": answers content but does not document 406");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> codes = responses.fields(); codes.hasNext(); ) {
            Map.Entry<String, JsonNode> r = codes.next();
            String status = r.getKey();
            if (r.getValue().path("description").asText().isBlank()) {
                gaps.add(where + " " + status + ": no description");
            }
            for (Iterator<Map.Entry<String, JsonNode>> types = r.getValue().path("content").fields(); types.hasNext(); ) {
                Map.Entry<String, JsonNode> t = types.next();
                if (!hasExample(t.getValue())) {
                    gaps.add(where + " " + status + " " + t.getKey() + ": no example");
                }
            }
            boolean error = status.startsWith("4") || status.startsWith("5");
            if (error && !path.startsWith("/q/health")) { // health answers DOWN with its own JSON (MicroProfile Health)
                JsonNode problem = r.getValue().path("content").path("application/problem+json");
                if (problem.isMissingNode()) {
                    gaps.add(where + " " + status + ": not documented as application/problem+json");
                } else {
                    if (!problem.path("schema").path("$ref").asText().endsWith("/Problem")) {
                        gaps.add(where + " " + status + ": not the Problem schema");
                    }
                    for (JsonNode example : problem.path("examples")) {
                        if (example.path("value").path("status").asInt() != Integer.parseInt(status)) {
                            gaps.add(where + " " + status + ": its problem example has status "
                                    + example.path("value").path("status"));
                        }
                    }
                }
            }
        }
    }

    private static boolean hasExample(JsonNode media) {
        if (!media.path("example").isMissingNode()) {
            return true;
        }
        for (JsonNode e : media.path("examples")) {
            if (!e.path("value").isMissingNode() && !e.path("value").isNull()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everySchemaAndEveryPropertyHasADescription() {
        for (Iterator<Map.Entry<String, JsonNode>> schemas = doc.path("components").path("schemas").fields();
             schemas.hasNext(); ) {
            Map.Entry<String, JsonNode> s = schemas.next();
            if (s.getKey().equals("Order")) {
                continue; // the test-only ProbeResource's body
            }
            if (s.getValue().path("description").asText().isBlank()) {
                gaps.add("schema " + s.getKey() + " has no description");
            }
            for (Iterator<Map.Entry<String, JsonNode>> props = s.getValue().path("properties").fields(); props.hasNext(); ) {
                Map.Entry<String, JsonNode> p = props.next();
                if (p.getValue().path("description").asText().isBlank()) {
                    gaps.add("schema " + s.getKey() + "." + p.getKey() + " has no description");
                }
            }
        }
        assertFalse(doc.path("components").path("schemas").isEmpty(), "no schemas at all");
        assertTrue(gaps.isEmpty(), gaps.size() + " gaps in /q/openapi:\n" + String.join("\n", gaps));
    }
}
