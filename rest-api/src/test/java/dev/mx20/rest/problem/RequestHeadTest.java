package dev.mx20.rest.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mx20.rest.ClosingExchange;
import dev.mx20.rest.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests refused for their head: a request line or header section over the documented limits
 * ({@code mx20.http.max-request-line-length} 4096, {@code mx20.http.max-header-size} 20480: 414 / 431), no or a bad
 * Host header, a target that is not a path (400): each is answered {@code application/problem+json} with a detail
 * that names what was wrong and the key, and the connection is closed after the answer. The limits are exact: a head
 * at the limit is served. Beyond the HTTP codec's ceiling (16 KiB line, 32 KiB headers) and for broken framing the
 * codec answers itself, bare (docs/rest-api.md, "Known gaps"): held here to its status and the close.
 */
@QuarkusTest
class RequestHeadTest {
    static final String PROBLEM = "application/problem+json";
    static final int DEADLINE_MILLIS = 10_000;
    static final ObjectMapper JSON = new ObjectMapper();

    // --- the request line ------------------------------------------------------------------------------------

    @Test
    void aRequestLineAtTheLimitIsServed() throws IOException {
        // "GET " + target + " HTTP/1.1" = 4096 bytes
        String target = target(4096 - "GET ".length() - " HTTP/1.1".length());
        ClosingExchange a = exchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(200, a.status(), a.toString());
    }

    @Test
    void aRequestLineOneByteOverTheLimitIs414ProblemAndClosed() throws IOException {
        String target = target(4097 - "GET ".length() - " HTTP/1.1".length());
        ClosingExchange a = exchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        JsonNode p = problem(a, 414, "URI Too Long");
        assertTrue(p.path("detail").asText().contains("4097 bytes")
                && p.path("detail").asText().contains("mx20.http.max-request-line-length"), a.toString());
        assertEquals("/q/health/live", p.path("instance").asText());
        assertEquals("close", a.header("connection"), a.toString());
    }

    @Test
    void aLongTargetOnAnEndpointWithABodyIsRefusedBeforeTheBodyIsRead() throws IOException {
        byte[] bounce = Fixtures.example("rfc3464-user-unknown");
        ClosingExchange a = exchange(post("/dsn/classify?x=" + "a".repeat(6000), "", bounce));
        problem(a, 414, "URI Too Long");
    }

    // --- the header section ----------------------------------------------------------------------------------

    @Test
    void aHeaderSectionAtTheLimitIsServed() throws IOException {
        // "Host: localhost" (15) + "Connection: close" (17) + "X-Fill: " (8) + value = 20480
        String fill = "x".repeat(20480 - 15 - 17 - 8);
        ClosingExchange a = exchange("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Fill: "
                + fill + "\r\n\r\n");
        assertEquals(200, a.status(), a.toString());
    }

    @Test
    void aHeaderSectionOneByteOverTheLimitIs431ProblemNamingTheLargestField() throws IOException {
        String fill = "x".repeat(20480 - 15 - 17 - 8 + 1);
        ClosingExchange a = exchange("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Fill: "
                + fill + "\r\n\r\n");
        JsonNode p = problem(a, 431, "Request Header Fields Too Large");
        String detail = p.path("detail").asText();
        assertTrue(detail.contains("20481 bytes") && detail.contains("mx20.http.max-header-size")
                && detail.contains("X-Fill"), detail);
        assertFalse(detail.contains("xxxx"), "the detail names the field, it does not echo its value: " + detail);
    }

    @Test
    void manySmallFieldsOverTheLimitAre431() throws IOException {
        StringBuilder head = new StringBuilder("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < 3000; i++) {
            head.append("X-H").append(i).append(": v\r\n");
        }
        ClosingExchange a = exchange(head.append("\r\n").toString());
        JsonNode p = problem(a, 431, "Request Header Fields Too Large");
        assertTrue(p.path("detail").asText().contains("3001 fields"), a.toString());
    }

    @Test
    void largeHeadersOnEveryKindOfEndpointAre431() throws IOException {
        byte[] bounce = Fixtures.example("rfc3464-user-unknown");
        String big = "X-Big: " + "b".repeat(25_000) + "\r\n";
        // the event-loop fast path of /dsn/classify, the worker endpoints, a JSON endpoint, a /q/ endpoint
        problem(exchange(post("/dsn/classify", big, bounce)), 431, "Request Header Fields Too Large");
        problem(exchange(post("/dsn/classify/batch", big, Fixtures.mbox(bounce))), 431, "Request Header Fields Too Large");
        problem(exchange(post("/relay/validate", big, "{}".getBytes(StandardCharsets.US_ASCII))), 431,
                "Request Header Fields Too Large");
        problem(exchange("GET /q/metrics HTTP/1.1\r\nHost: localhost\r\n" + big + "\r\n"), 431,
                "Request Header Fields Too Large");
    }

    // --- Host and the request target -------------------------------------------------------------------------

    @Test
    void noHostIs400Problem() throws IOException {
        JsonNode p = problem(exchange("GET /q/health/live HTTP/1.1\r\n\r\n"), 400, "Bad Request");
        assertTrue(p.path("detail").asText().contains("Host header") && p.path("detail").asText().contains("has none"),
                p.toString());
        byte[] bounce = Fixtures.example("rfc3464-user-unknown");
        String noHost = new String(post("/dsn/classify", "", bounce), StandardCharsets.ISO_8859_1)
                .replace("Host: localhost\r\n", "");
        problem(exchange(noHost), 400, "Bad Request");
    }

    @Test
    void anInvalidHostIs400Problem() throws IOException {
        for (String host : new String[]{"a b", "x:abc", "[::1", "x:99999"}) {
            JsonNode p = problem(exchange("GET /q/health/live HTTP/1.1\r\nHost: " + host + "\r\n\r\n"), 400,
                    "Bad Request");
            assertTrue(p.path("detail").asText().contains("not a valid host"), host + ": " + p);
        }
    }

    @Test
    void anHttp10RequestNeedsNoHost() throws IOException {
        assertEquals(200, exchange("GET /q/health/live HTTP/1.0\r\n\r\n").status());
    }

    @Test
    void aTargetThatIsNotAPathIs400ProblemButOptionsStarIsAnswered() throws IOException {
        JsonNode p = problem(exchange("GET * HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400, "Bad Request");
        assertTrue(p.path("detail").asText().contains("must be a path"), p.toString());
        assertTrue(p.path("instance").isMissingNode() || p.path("instance").isNull(), p.toString());
        ClosingExchange options = exchange("OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(200, options.status(), options.toString());
        assertTrue(options.header("allow") != null && options.header("allow").contains("POST"), options.toString());
    }

    // --- what stays the codec's: held to its status and the close ----------------------------------------------

    @Test
    void beyondTheCodecsCeilingTheCodecAnswersBareAndCloses() throws IOException {
        ClosingExchange line = exchange("GET /q/health/live?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(414, line.status(), line.toString());
        assertTrue(line.closed(), line.toString());
        ClosingExchange headers = exchange("GET /q/health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000)
                + "\r\n\r\n");
        assertEquals(431, headers.status(), headers.toString());
        assertTrue(headers.closed(), headers.toString());
    }

    @Test
    void brokenFramingIsRefusedByTheCodecAndClosed() throws IOException {
        byte[] bounce = Fixtures.example("rfc3464-user-unknown");
        String head = "POST /dsn/classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: message/rfc822\r\n";
        for (String framing : new String[]{"Content-Length: abc\r\n", "Content-Length: -5\r\n",
                "Content-Length: " + bounce.length + "\r\nContent-Length: " + (bounce.length + 1) + "\r\n",
                "Content-Length: " + bounce.length + "\r\nTransfer-Encoding: chunked\r\n"}) {
            ClosingExchange a = exchange(bytes(head + framing + "\r\n", bounce));
            // RFC 9112 §6.3: the framing cannot be trusted, so nothing after it may be read as a next request
            assertEquals(400, a.status(), framing + a);
            assertTrue(a.closed(), framing + a);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** A problem answer with this status and title, a non-blank detail, and the connection closed after it. */
    static JsonNode problem(ClosingExchange a, int status, String title) throws IOException {
        assertEquals(status, a.status(), a.toString());
        assertTrue(String.valueOf(a.header("content-type")).startsWith(PROBLEM), a.toString());
        JsonNode p = JSON.readTree(a.body());
        assertEquals(status, p.path("status").asInt(), a.toString());
        assertEquals(title, p.path("title").asText(), a.toString());
        assertEquals("about:blank", p.path("type").asText(), a.toString());
        assertFalse(p.path("detail").asText().isBlank(), a.toString());
        assertTrue(a.closed(), "the connection must be closed after the answer: " + a);
        return p;
    }

    static ClosingExchange exchange(String request) throws IOException {
        return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static ClosingExchange exchange(byte[] request) throws IOException {
        return ClosingExchange.send(RestAssured.port, request, DEADLINE_MILLIS);
    }

    /** /q/health/live with a query that makes the target {@code length} bytes long. */
    static String target(int length) {
        String path = "/q/health/live?x=";
        return path + "a".repeat(length - path.length());
    }

    static byte[] post(String target, String extraHeaders, byte[] body) {
        String type = target.startsWith("/dsn/classify/batch") ? "application/mbox"
                : target.startsWith("/dsn") ? "message/rfc822" : "application/json";
        return bytes("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\nContent-Length: "
                + body.length + "\r\n" + extraHeaders + "\r\n", body);
    }

    static byte[] bytes(String head, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
