package dev.mx20.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mx20.rest.RawHttp.Answer;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed requests, systematically, against the packaged service (failsafe starts the jar; loopback only):
 * every endpoint crossed with wrong methods, missing / odd / duplicated Content-Types and charset parameters,
 * empty and random bodies, lying Content-Lengths, truncated chunked bodies, bodies that stop arriving, huge
 * headers, bad Accept headers, bad query and path parameters, and JSON bodies of the wrong shape, plus a seeded
 * random mix of all of them. Every request has a deadline ({@value #DEADLINE_MILLIS} ms; the jar runs with a 2 s
 * read time-out). The answer must be the endpoint's documented success or a 4xx {@code application/problem+json}
 * with a type, a title, the status and a non-blank detail; never a 5xx, never a hang.
 *
 * <p>One class of request is refused before the application sees it, by the HTTP codec (Netty / Vert.x): broken
 * framing (a non-numeric, negative or twice-given Content-Length, Content-Length with chunked encoding, a bad
 * chunk size), a request line or header section over the codec's ceilings (16 KiB, 32 KiB), bytes that are not
 * HTTP. Those get a bare 400 / 414 / 431 or a closed connection (docs/rest-api.md, "Known gaps"); this test holds
 * them to "a 4xx or a close, at once", and holds everything else to problem+json: a request line or header section
 * over the documented limits but under those ceilings, no Host, a target that is not a path included (closed after
 * the answer, too).
 */
@QuarkusIntegrationTest
class MalformedRequestsIT {
    static final int DEADLINE_MILLIS = 10_000;
    static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One endpoint with a request it answers successfully, and the statuses that count as its documented success. */
    record Endpoint(String name, String method, String path, String contentType, byte[] body, String accept,
                    Set<Integer> success) {
        boolean takesBody() {
            return body != null;
        }
    }

    static final byte[] BOUNCE = Fixtures.example("rfc3464-user-unknown");
    static final byte[] VALIDATION = json("""
            {"domains": ["example.com"], "primaryHost": "v6only.example.com", "primaryPreference": 10,
             "relayHost": "relay.example.com", "relayPreference": 20, "relayIpv4": "192.0.2.1",
             "relayIpv6": "2001:db8::20", "smarthost": true,
             "dnsRecords": ["@ IN MX 10 v6only", "@ IN MX 20 relay", "v6only IN AAAA 2001:db8::1",
                            "relay IN A 192.0.2.1", "relay IN AAAA 2001:db8::20"]}""");
    // survey.example is served by TestDnsResource's loopback DNS server (a global test resource): no lookup leaves
    // the machine
    static final byte[] DOMAINS = json("{\"domains\": [\"pattern.survey.example\", \"v4mx.survey.example\"]}");

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("classify", "POST", "/dsn/classify", "message/rfc822", BOUNCE, "application/json", Set.of(200)),
            new Endpoint("batch", "POST", "/dsn/classify/batch", "application/mbox", Fixtures.mbox(BOUNCE, BOUNCE),
                    "application/json", Set.of(200)),
            new Endpoint("batch-ndjson", "POST", "/dsn/classify/batch", "application/mbox", Fixtures.mbox(BOUNCE),
                    "application/x-ndjson", Set.of(200)),
            new Endpoint("validate", "POST", "/relay/validate", "application/json", VALIDATION, "application/json",
                    Set.of(200)),
            new Endpoint("readiness", "GET", "/domain/pattern.survey.example/mail-ipv6", null, null,
                    "application/json", Set.of(200)),
            new Endpoint("readiness-batch", "POST", "/domains/mail-ipv6", "application/json", DOMAINS,
                    "application/json", Set.of(200)),
            new Endpoint("readiness-ndjson", "POST", "/domains/mail-ipv6", "application/json", DOMAINS,
                    "application/x-ndjson", Set.of(200)),
            // the service does not host the relay here: the queue endpoints' documented answer is 409 problem+json
            new Endpoint("queue", "GET", "/relay/queue", null, null, "application/json", Set.of()),
            new Endpoint("queue-corrupt", "GET", "/relay/queue/corrupt", null, null, "application/json", Set.of()),
            new Endpoint("queue-flush", "POST", "/relay/queue/flush", null, null, "application/json", Set.of()),
            new Endpoint("queue-hold", "POST", "/relay/queue/0A1B2C/hold", null, null, "application/json", Set.of()),
            new Endpoint("queue-release", "POST", "/relay/queue/0A1B2C/release", null, null, "application/json", Set.of()),
            new Endpoint("queue-delete", "DELETE", "/relay/queue/0A1B2C", null, null, "application/json", Set.of()),
            new Endpoint("live", "GET", "/q/health/live", null, null, "application/json", Set.of(200)),
            new Endpoint("ready", "GET", "/q/health/ready", null, null, "application/json", Set.of(200)),
            new Endpoint("openapi", "GET", "/q/openapi", null, null, "*/*", Set.of(200)),
            new Endpoint("metrics", "GET", "/q/metrics", null, null, "*/*", Set.of(200)));

    private final List<String> failures = new ArrayList<>();
    private int requests;

    @AfterEach
    void theServiceIsStillWell() throws IOException {
        Answer a = send(request("GET", "/q/health/live", List.of(), null, Framing.LENGTH), false);
        assertEquals(200, a.status(), "health after the malformed requests: " + a);
        assertTrue(failures.isEmpty(), failures.size() + " of " + requests + " requests were mishandled:\n"
                + String.join("\n", failures));
    }

    // --- the documented successes, first: the requests below differ from these in one way each ---------------

    @Test
    void theWellFormedRequestsSucceed() throws IOException {
        for (Endpoint e : ENDPOINTS) {
            Answer a = send(wellFormed(e, List.of()), false);
            if (e.success().isEmpty()) {
                expectProblem(e.name(), a, 409);
            } else {
                check(e.name() + " well-formed", e, e.method(), a);
                if (!e.success().contains(a.status())) {
                    failures.add(e.name() + " well-formed: not the documented success: " + a);
                }
            }
        }
    }

    // --- methods -------------------------------------------------------------------------------------------

    @Test
    void wrongMethods() throws IOException {
        for (Endpoint e : ENDPOINTS) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO")) {
                if (method.equals(e.method()) || (method.equals("HEAD") && e.method().equals("GET"))) {
                    continue;
                }
                Answer a = send(request(method, e.path(), headers(e, e.contentType(), e.accept()), e.body(),
                        Framing.LENGTH), false);
                if (method.equals("OPTIONS") && a.status() == 200) {
                    continue; // Quarkus answers OPTIONS itself (with Allow): documented in docs/rest-api.md
                }
                if (method.equals("TRACE") || method.equals("FOO")) {
                    // not a method Quarkus routes: a 4xx from the codec or the router, at once
                    codecRefusal(e.name() + " " + method, a);
                } else {
                    check(e.name() + " " + method, e, method, a);
                    if (a.status() != 405 && a.status() != 404) {
                        failures.add(e.name() + " " + method + ": expected 405 (or 404), got " + a);
                    } else if (a.status() == 405 && (a.header("allow") == null || !a.header("allow").contains(e.method()))) {
                        // RFC 9110 §15.5.6: a 405 MUST carry Allow, and it must name what the endpoint answers
                        failures.add(e.name() + " " + method + ": a 405 without an Allow naming " + e.method() + ": " + a);
                    }
                }
            }
        }
    }

    // --- Content-Type --------------------------------------------------------------------------------------

    static final List<List<String>> CONTENT_TYPES = List.of(
            List.of(), List.of("Content-Type: "), List.of("Content-Type: text"), List.of("Content-Type: ;;;"),
            List.of("Content-Type: application/"), List.of("Content-Type: */*"), List.of("Content-Type: image/png"),
            List.of("Content-Type: multipart/form-data; boundary=x"), List.of("Content-Type: application/x-www-form-urlencoded"),
            List.of("Content-Type: text/plain; charset=\"unterminated"), List.of("Content-Type: " + "x".repeat(3000) + "/y"),
            List.of("Content-Type: application/json", "Content-Type: text/plain"),
            List.of("Content-Type: text/plain", "Content-Type: application/json"),
            List.of("Content-Type: message/rfc822, application/json"));

    static final List<String> CHARSETS = List.of("; charset=utf-8", "; charset=ISO-8859-1", "; charset=bogus",
            "; charset=", "; charset=utf-8; charset=latin1", "; boundary=x", "; CHARSET=\"UTF-8\"");

    @Test
    void missingOddDuplicatedContentTypesAndCharsets() throws IOException {
        for (Endpoint e : ENDPOINTS) {
            if (!e.takesBody()) {
                // a Content-Type on a request without a body is ignored
                Answer a = send(request(e.method(), e.path(), List.of("Content-Type: image/png", "Accept: " + e.accept()),
                        new byte[0], Framing.LENGTH), false);
                check(e.name() + " stray Content-Type", e, e.method(), a);
                continue;
            }
            for (List<String> type : CONTENT_TYPES) {
                List<String> h = new ArrayList<>(type);
                h.add("Accept: " + e.accept());
                check(e.name() + " " + type, e, e.method(), send(request(e.method(), e.path(), h, e.body(), Framing.LENGTH), false));
            }
            for (String charset : CHARSETS) {
                Answer a = send(request(e.method(), e.path(), headers(e, e.contentType() + charset, e.accept()),
                        e.body(), Framing.LENGTH), false);
                check(e.name() + " " + charset, e, e.method(), a);
            }
        }
    }

    // --- bodies --------------------------------------------------------------------------------------------

    @Test
    void emptyRandomAndCutBodies() throws IOException {
        Random random = new Random(20261122);
        for (Endpoint e : ENDPOINTS) {
            List<byte[]> bodies = new ArrayList<>();
            bodies.add(new byte[0]);
            for (int i = 0; i < 4; i++) {
                byte[] b = new byte[1 + random.nextInt(i == 3 ? 70_000 : 3000)]; // the last one past the event-loop size
                random.nextBytes(b);
                bodies.add(b);
            }
            if (e.takesBody()) {
                bodies.add(Arrays.copyOf(e.body(), 1 + random.nextInt(e.body().length - 1)));
            }
            for (byte[] body : bodies) {
                for (Framing framing : List.of(Framing.LENGTH, Framing.CHUNKED)) {
                    Answer a = send(request(e.method(), e.path(), headers(e, e.contentType(), e.accept()), body, framing), false);
                    check(e.name() + " " + body.length + " bytes " + framing, e, e.method(), a);
                }
            }
            // no Content-Length, no chunked encoding: a request without a body (RFC 9112 §6.3)
            check(e.name() + " no framing", e, e.method(),
                    send(request(e.method(), e.path(), headers(e, e.contentType(), e.accept()), null, Framing.NONE), false));
        }
    }

    // --- framing: lies, truncation, stalls --------------------------------------------------------------------

    @Test
    void contentLengthLiesAndTruncatedChunks() throws IOException {
        for (Endpoint e : ENDPOINTS) {
            if (!e.takesBody()) {
                continue;
            }
            byte[] body = e.body();
            String head = e.method() + " " + e.path() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + e.contentType()
                    + "\r\nAccept: " + e.accept() + "\r\n";
            // shorter than the body: the service sees a cut body, answers it; the rest is a broken next request
            check(e.name() + " Content-Length short", e, e.method(), send(raw(head + "Content-Length: "
                    + body.length / 2 + "\r\n\r\n", body), false));
            // longer than the body, then the client stops sending: an answer or a close, at once
            codecRefusal(e.name() + " Content-Length long, then EOF", send(raw(head + "Content-Length: "
                    + (body.length + 500) + "\r\n\r\n", body), true));
            for (String length : List.of("abc", "-5", "1e3", "0x10", body.length + ", " + body.length,
                    "99999999999999999999999")) {
                codecRefusal(e.name() + " Content-Length: " + length, send(raw(head + "Content-Length: " + length
                        + "\r\n\r\n", body), true));
            }
            codecRefusal(e.name() + " two Content-Lengths", send(raw(head + "Content-Length: " + body.length
                    + "\r\nContent-Length: " + (body.length + 1) + "\r\n\r\n", body), true));
            codecRefusal(e.name() + " Content-Length and chunked", send(raw(head + "Content-Length: " + body.length
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n", chunked(body, true)), true));
            // a chunk that announces more than it brings, then EOF; a chunk size that is not hexadecimal
            codecRefusal(e.name() + " truncated chunk", send(raw(head + "Transfer-Encoding: chunked\r\n\r\n",
                    ("ffff\r\n" + new String(body, 0, Math.min(100, body.length), StandardCharsets.ISO_8859_1))
                            .getBytes(StandardCharsets.ISO_8859_1)), true));
            codecRefusal(e.name() + " bad chunk size", send(raw(head + "Transfer-Encoding: chunked\r\n\r\n",
                    "zz\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), true));
            codecRefusal(e.name() + " chunked without the last chunk", send(raw(head + "Transfer-Encoding: chunked\r\n\r\n",
                    chunked(body, false)), true));
            // a transfer coding the server does not implement: RFC 9112 §6.1 suggests 501; this service says 400
            for (String coding : List.of("gzip", "gzip, chunked", "identity", "x-unknown")) {
                Answer a = send(raw(head + "Transfer-Encoding: " + coding + "\r\n\r\n", body), true);
                if (coding.endsWith("chunked")) {
                    codecRefusal(e.name() + " Transfer-Encoding: " + coding, a); // the body is not chunked: framing
                } else {
                    expectProblem(e.name() + " Transfer-Encoding: " + coding, a, 400);
                }
            }
        }
    }

    /**
     * A body that stops arriving, on every endpoint that reads one, all at once: each must be answered 400 or
     * closed within the read time-out (2 s here) plus slack, not held until the idle time-out.
     */
    @Test
    void bodiesThatStopArrivingAreCutOff() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ENDPOINTS.size());
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            List<Endpoint> stalled = ENDPOINTS.stream().filter(Endpoint::takesBody).toList();
            for (Endpoint e : stalled) {
                byte[] partial = Arrays.copyOf(e.body(), Math.min(40, e.body().length));
                for (boolean chunkedBody : List.of(false, true)) {
                    String head = e.method() + " " + e.path() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                            + e.contentType() + "\r\nAccept: " + e.accept() + "\r\n"
                            + (chunkedBody ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: 100000\r\n\r\n");
                    byte[] first = chunkedBody ? chunkHead(partial, 100000) : partial;
                    answers.add(pool.submit(() -> send(raw(head, first), false)));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                Endpoint e = stalled.get(i / 2);
                String what = e.name() + " stalled " + (i % 2 == 0 ? "Content-Length" : "chunked") + " body";
                Answer a = answers.get(i).get();
                codecRefusal(what, a);
                if (a.status() > 0) {
                    expectProblem(what, a, 400);
                    if (!a.text().contains("tag:mx20.dev,2025:problem/unreadable-body")) {
                        failures.add(what + ": not an unreadable-body problem: " + a);
                    }
                }
                if (a.millis() > 8_000) {
                    failures.add(what + ": cut off only after " + a.millis() + " ms (read time-out 2 s)");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // --- headers, Accept, URIs ------------------------------------------------------------------------------

    @Test
    void hugeHeadersAndUris() throws IOException {
        for (Endpoint e : ENDPOINTS) {
            // over the documented limits (mx20.http.max-header-size 20480, mx20.http.max-request-line-length 4096),
            // under the codec's ceiling (32 KiB, 16 KiB): the service's 431 / 414 problem, and the connection closed
            List<String> big = new ArrayList<>(headers(e, e.contentType(), e.accept()));
            big.add("X-Big: " + "a".repeat(25_000));
            headRefused(e.name() + " 25 kB header", request(e.method(), e.path(), big, e.body(), Framing.LENGTH), 431);
            List<String> many = new ArrayList<>(headers(e, e.contentType(), e.accept()));
            for (int i = 0; i < 3000; i++) {
                many.add("X-H" + i + ": v");
            }
            headRefused(e.name() + " 3000 headers", request(e.method(), e.path(), many, e.body(), Framing.LENGTH), 431);
            // under the documented limit: an ordinary request with a large unknown header
            List<String> large = new ArrayList<>(headers(e, e.contentType(), e.accept()));
            large.add("X-Large: " + "b".repeat(8_000));
            Answer a = send(request(e.method(), e.path(), large, e.body(), Framing.LENGTH), false);
            check(e.name() + " 8 kB header", e, e.method(), a);
            headRefused(e.name() + " 10 kB query", request(e.method(), e.path() + "?x=" + "c".repeat(10_000),
                    headers(e, e.contentType(), e.accept()), e.body(), Framing.LENGTH), 414);
            // over the codec's ceiling: the codec's own, bare answer (docs/rest-api.md, "Known gaps"), at once
            List<String> huge = new ArrayList<>(headers(e, e.contentType(), e.accept()));
            huge.add("X-Huge: " + "d".repeat(70_000));
            codecRefusal(e.name() + " 70 kB header", send(request(e.method(), e.path(), huge, e.body(), Framing.LENGTH), false));
            codecRefusal(e.name() + " 20 kB query", send(request(e.method(), e.path() + "?x=" + "c".repeat(20_000),
                    headers(e, e.contentType(), e.accept()), e.body(), Framing.LENGTH), false));
            // no Host, an invalid Host (RFC 9112 §3.2: 400): problem+json, closed
            String withoutHost = new String(request(e.method(), e.path(), headers(e, e.contentType(), e.accept()), e.body(),
                    Framing.LENGTH), StandardCharsets.ISO_8859_1).replace("Host: localhost\r\n", "");
            headRefused(e.name() + " no Host", withoutHost.getBytes(StandardCharsets.ISO_8859_1), 400);
            headRefused(e.name() + " bad Host", withoutHost.replace("Connection: close", "Host: x:y\r\nConnection: close")
                    .getBytes(StandardCharsets.ISO_8859_1), 400);
        }
        headRefused("GET *", raw("GET * HTTP/1.1\r\nHost: x\r\n\r\n", new byte[0]), 400);
        // a target java.net.URI cannot parse: Quarkus' root handler answers an empty 400 before any route (Known gaps)
        for (String target : List.of("/q/health/live?x=%zz", "/dsn/classify?x=%", "/a|b", "/q/health/live?{x}", "/a\\b",
                "/a^b", "/a\"b", "/a<b>")) {
            codecRefusal("target " + target, send(raw("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    new byte[0]), false));
        }
        codecRefusal("not HTTP at all", send(new byte[]{0, 1, 2, (byte) 0xff, '\r', '\n', '\r', '\n'}, true));
        codecRefusal("HTTP/9.9", send(raw("GET /q/health/live HTTP/9.9\r\nHost: x\r\n\r\n", new byte[0]), true));
        codecRefusal("header without a colon", send(raw("GET /q/health/live HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
                new byte[0]), true));
        codecRefusal("raw UTF-8 in the request line", send(("GET /domain/bücher.example/mail-ipv6 HTTP/1.1\r\n"
                + "Host: x\r\n\r\n").getBytes(StandardCharsets.UTF_8), true));
    }

    static final List<String> ACCEPTS = List.of("garbage", "text/html", "application/xml, text/csv",
            "application/json;q=0", "*/*;q=abc", "application/json;q=abc", ";;;", "application/",
            "text/*", String.join(", ", java.util.Collections.nCopies(300, "text/x-nothing")));

    @Test
    void badAcceptHeaders() throws IOException {
        for (Endpoint e : ENDPOINTS) {
            for (String accept : ACCEPTS) {
                Answer a = send(request(e.method(), e.path(), headers(e, e.contentType(), accept), e.body(),
                        Framing.LENGTH), false);
                check(e.name() + " Accept: " + accept.substring(0, Math.min(40, accept.length())), e, e.method(), a);
            }
        }
    }

    @Test
    void badQueryAndPathParameters() throws IOException {
        Endpoint batch = ENDPOINTS.get(1);
        Endpoint queue = ENDPOINTS.stream().filter(x -> x.name().equals("queue")).findFirst().orElseThrow();
        for (String value : List.of("abc", "-1", "0", "101", "1.5", "1e3", "99999999999999999999", "%00", "", "%20",
                "1&top=2", "+5", "0x10", "%E2%80%8B")) {
            Answer a = send(request("POST", "/dsn/classify/batch?top=" + value, headers(batch, batch.contentType(),
                    batch.accept()), batch.body(), Framing.LENGTH), false);
            check("batch top=" + value, batch, "POST", a);
            if (a.status() == 400) {
                hasViolation("batch top=" + value, a, "top");
            }
            a = send(request("GET", "/relay/queue?limit=" + value, List.of(), null, Framing.LENGTH), false);
            check("queue limit=" + value, queue, "GET", a);
        }
        Endpoint one = ENDPOINTS.get(4);
        for (String name : List.of("a..b", "-x.survey.example", "x-.survey.example", "192.0.2.1", "%5B2001:db8::1%5D", "localhost",
                "x".repeat(64) + ".example", ("abcdefghi." ).repeat(26) + "example", "%00", "%2F", "..", ".",
                "b%C3%BCcher.example", "%F0%9F%98%80.example", "exa%20mple.com", "%FF%FE.example", "under_score.survey.example",
                "%25", "a.b.survey.example.")) {
            Answer a = send(request("GET", "/domain/" + name + "/mail-ipv6", List.of("Accept: application/json"), null,
                    Framing.LENGTH), false);
            check("readiness " + name, one, "GET", a);
        }
        // an IDN as an A-label is a domain name: answered (NXDOMAIN from the loopback test server), not refused
        Answer idn = send(request("GET", "/domain/xn--bcher-kva.survey.example/mail-ipv6", List.of(), null,
                Framing.LENGTH), false);
        check("readiness A-label", one, "GET", idn);
        if (idn.status() != 200) {
            failures.add("an A-label IDN should be checked, not refused: " + idn);
        }
        for (String id : List.of("xyz", "0a1b", "%2E%2E", "..%2F..%2Fetc", "0".repeat(65), "%00", "-1", "0A1B%0D%0AX:%20y")) {
            for (String[] op : List.of(new String[]{"POST", "/hold"}, new String[]{"POST", "/release"},
                    new String[]{"DELETE", ""})) {
                Answer a = send(request(op[0], "/relay/queue/" + id + op[1], List.of(), null, Framing.LENGTH), false);
                check("queue id " + id + op[1], queue, op[0], a);
            }
        }
    }

    // --- JSON bodies ---------------------------------------------------------------------------------------

    static List<String> badJson() {
        String deepArrays = "[".repeat(100_000) + "]".repeat(100_000);
        String deepObjects = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        return List.of("[]", "\"x\"", "1", "true", "null", "{", "{}x", "{\"domains\":", "\uFEFF{}", "{'domains': []}",
                "{\"domains\": \"example.com\"}", "{\"domains\": [null]}", "{\"domains\": [{}]}", "{\"domains\": [[]]}",
                "{\"domains\": {\"a\": 1}}", "{\"domains\": [\"example.com\"], \"primaryPreference\": \"ten\"}",
                "{\"domains\": [\"example.com\"], \"primaryPreference\": 1e999999}",
                "{\"domains\": [\"example.com\"], \"primaryPreference\": " + "9".repeat(5000) + "}",
                "{\"domains\": [\"example.com\"], \"primaryPreference\": NaN}",
                "{\"domains\": [\"example.com\"], \"relayPreference\": -1, \"primaryPreference\": 99999999999}",
                "{\"domainz\": [\"example.com\"]}", "{\"domains\": [\"pattern.survey.example\"], \"smartHost\": true}",
                "{\"domains\": [\"a.example\"], \"domains\": 5}", "{\"domains\": [\"" + "x".repeat(100_000) + "\"]}",
                deepArrays, "{\"domains\": " + deepArrays + "}", "{\"unknown\": " + deepArrays + "}", deepObjects,
                "{\"domains\": [\"\\ud800\"]}", "{\"domains\": [\"a\u0000b.example\"]}");
    }

    @Test
    void jsonBodiesOfTheWrongShape() throws IOException {
        for (Endpoint e : ENDPOINTS) {
            if (!"application/json".equals(e.contentType())) {
                continue;
            }
            for (String body : badJson()) {
                Answer a = send(request(e.method(), e.path(), headers(e, e.contentType(), e.accept()),
                        body.getBytes(StandardCharsets.UTF_8), Framing.LENGTH), false);
                check(e.name() + " " + body.substring(0, Math.min(60, body.length())), e, e.method(), a);
                // a relay validation is refused as a whole; a readiness batch answers a bad name in its list with
                // that entry's status INVALID_NAME (documented), the request itself is fine
                boolean refused = a.status() != 200 || body.contains("pattern.survey.example")
                        || (e.name().startsWith("readiness") && a.text().contains("\"INVALID_NAME\""));
                if (!refused) {
                    failures.add(e.name() + " accepted a body it should refuse: "
                            + body.substring(0, Math.min(60, body.length())) + " -> " + a);
                }
            }
            // bytes that are not UTF-8
            Answer a = send(request(e.method(), e.path(), headers(e, e.contentType(), e.accept()),
                    new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, Framing.LENGTH), false);
            check(e.name() + " invalid UTF-8", e, e.method(), a);
        }
        // a misspelt field is named, not silently dropped
        Endpoint validate = ENDPOINTS.get(3);
        String misspelt = new String(VALIDATION, StandardCharsets.UTF_8).replace("\"smarthost\"", "\"smartHost\"");
        Answer a = send(request("POST", "/relay/validate", headers(validate, "application/json", "application/json"),
                misspelt.getBytes(StandardCharsets.UTF_8), Framing.LENGTH), false);
        expectProblem("misspelt field", a, 400);
        hasViolation("misspelt field", a, "smartHost");
    }

    // --- a seeded random mix ----------------------------------------------------------------------------------

    /** 300 requests, each a random endpoint with a random method, Content-Type, Accept, body and framing. */
    @Test
    void aSeededRandomMixOfAllOfThem() throws IOException {
        Random random = new Random(7_0_3);
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");
        List<byte[]> bodies = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            if (e.takesBody()) {
                bodies.add(e.body());
            }
        }
        for (String j : badJson()) {
            if (j.length() < 2000) {
                bodies.add(j.getBytes(StandardCharsets.UTF_8));
            }
        }
        for (int i = 0; i < 300; i++) {
            Endpoint e = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
            String method = random.nextInt(4) == 0 ? methods.get(random.nextInt(methods.size())) : e.method();
            List<String> h = new ArrayList<>(switch (random.nextInt(4)) {
                case 0 -> CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
                case 1 -> e.contentType() == null ? List.<String>of()
                        : List.of("Content-Type: " + e.contentType() + CHARSETS.get(random.nextInt(CHARSETS.size())));
                default -> e.contentType() == null ? List.<String>of() : List.of("Content-Type: " + e.contentType());
            });
            h.add("Accept: " + (random.nextInt(4) == 0 ? ACCEPTS.get(random.nextInt(ACCEPTS.size())) : e.accept()));
            byte[] body = switch (random.nextInt(5)) {
                case 0 -> {
                    byte[] b = new byte[random.nextInt(4000)];
                    random.nextBytes(b);
                    yield b;
                }
                case 1 -> {
                    byte[] b = bodies.get(random.nextInt(bodies.size()));
                    yield Arrays.copyOf(b, random.nextInt(b.length + 1));
                }
                case 2 -> {
                    byte[] b = bodies.get(random.nextInt(bodies.size())).clone();
                    for (int k = 0; k < 1 + random.nextInt(20) && b.length > 0; k++) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    }
                    yield b;
                }
                default -> e.body() == null ? new byte[0] : e.body();
            };
            Framing framing = random.nextInt(5) == 0 ? Framing.CHUNKED : Framing.LENGTH;
            Answer a = send(request(method, e.path(), h, body, framing), false);
            String what = "random #" + i + " " + method + " " + e.path() + " " + h + " " + body.length + " bytes " + framing;
            if (method.equals(e.method()) || (method.equals("HEAD") && e.method().equals("GET"))) {
                check(what, e, method, a);
            } else {
                check(what, e, method, a);
                if (a.status() != 405 && a.status() != 404) {
                    failures.add(what + ": expected 405, got " + a);
                }
            }
        }
    }

    // --- checks ----------------------------------------------------------------------------------------------

    /** An answer from the application: the endpoint's success, or a 4xx problem+json; never a 5xx or a hang. */
    private void check(String what, Endpoint e, String method, Answer a) {
        if (a.timedOut()) {
            failures.add(what + ": no answer within " + DEADLINE_MILLIS + " ms (a hang)");
        } else if (a.status() < 0) {
            failures.add(what + ": the connection was closed without an answer " + a);
        } else if (a.status() >= 500) {
            failures.add(what + ": " + a);
        } else if (a.status() >= 400) {
            expectProblem(what, a, a.status(), method.equals("HEAD"));
        } else if (!e.success().contains(a.status()) && !(method.equals("OPTIONS") && a.status() == 200)) {
            failures.add(what + ": unexpected success status " + a);
        } else if (!method.equals("HEAD") && !method.equals("OPTIONS")
                && String.valueOf(a.header("content-type")).startsWith(PROBLEM)) {
            failures.add(what + ": a success with a problem body " + a);
        }
    }

    /**
     * A head the service refuses ({@code status}: 400, 414, 431): problem+json, and the connection closed after it
     * (the request's body, if any, is not read).
     */
    private void headRefused(String what, byte[] request, int status) throws IOException {
        requests++;
        ClosingExchange a = ClosingExchange.send(RestAssured.port, request, DEADLINE_MILLIS);
        Answer answer = new Answer(a.status(), a.headers(), a.body(), false, 0);
        expectProblem(what, answer, status);
        if (!a.closed()) {
            failures.add(what + ": the connection was not closed after the answer: " + a);
        }
    }

    /** Refused by the HTTP codec before the application (a bare 4xx is allowed), or answered: at once either way. */
    private void codecRefusal(String what, Answer a) {
        if (a.timedOut()) {
            failures.add(what + ": no answer and no close within " + DEADLINE_MILLIS + " ms (a hang)");
        } else if (a.status() >= 500) {
            failures.add(what + ": " + a);
        } else if (a.status() >= 400 && String.valueOf(a.header("content-type")).startsWith(PROBLEM)) {
            expectProblem(what, a, a.status());
        }
    }

    private void expectProblem(String what, Answer a, int status) {
        expectProblem(what, a, status, false);
    }

    private void expectProblem(String what, Answer a, int status, boolean head) {
        if (a.status() != status) {
            failures.add(what + ": expected " + status + ", got " + a);
            return;
        }
        if (!String.valueOf(a.header("content-type")).startsWith(PROBLEM)) {
            failures.add(what + ": a " + status + " that is not " + PROBLEM + ": " + a);
            return;
        }
        if (head) {
            return;
        }
        try {
            JsonNode p = JSON.readTree(a.body());
            if (p == null || !p.path("type").isTextual() || p.path("title").asText().isBlank()
                    || p.path("status").asInt() != status || p.path("detail").asText().isBlank()) {
                failures.add(what + ": an incomplete problem (type, title, status, detail): " + a);
            }
        } catch (IOException ex) {
            failures.add(what + ": a problem body that is not JSON: " + a);
        }
    }

    private void hasViolation(String what, Answer a, String field) {
        try {
            JsonNode p = JSON.readTree(a.body());
            for (JsonNode v : p.path("violations")) {
                if (field.equals(v.path("field").asText())) {
                    return;
                }
            }
        } catch (IOException ex) {
            // reported below
        }
        failures.add(what + ": no violation names " + field + ": " + a);
    }

    // --- requests ----------------------------------------------------------------------------------------------

    enum Framing { LENGTH, CHUNKED, NONE }

    private Answer send(byte[] request, boolean closeOutput) throws IOException {
        requests++;
        String firstLine = new String(request, 0, Math.min(request.length, 8), StandardCharsets.ISO_8859_1);
        Answer a = RawHttp.exchange(RestAssured.port, request, closeOutput, firstLine.startsWith("HEAD "), DEADLINE_MILLIS);
        if (a.millis() > 1000) {
            System.out.println("slow (" + a.millis() + " ms): " + new String(request, 0, Math.min(request.length, 300),
                    StandardCharsets.ISO_8859_1).replace("\r\n", " | ") + " -> " + a);
        }
        return a;
    }

    static List<String> headers(Endpoint e, String contentType, String accept) {
        List<String> h = new ArrayList<>();
        if (contentType != null && e.takesBody()) {
            h.add("Content-Type: " + contentType);
        }
        if (accept != null) {
            h.add("Accept: " + accept);
        }
        return h;
    }

    static byte[] wellFormed(Endpoint e, List<String> extra) {
        List<String> h = new ArrayList<>(headers(e, e.contentType(), e.accept()));
        h.addAll(extra);
        return request(e.method(), e.path(), h, e.body(), Framing.LENGTH);
    }

    /** A request; the connection is closed after the answer so that the next request is alone on its own. */
    static byte[] request(String method, String target, List<String> headers, byte[] body, Framing framing) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        head.append("Connection: close\r\n");
        byte[] payload = body == null ? new byte[0] : body;
        switch (framing) {
            case LENGTH -> head.append("Content-Length: ").append(payload.length).append("\r\n");
            case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
            case NONE -> payload = new byte[0];
        }
        head.append("\r\n");
        return raw(head.toString(), framing == Framing.CHUNKED ? chunked(payload, true) : payload);
    }

    static byte[] raw(String head, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The body in chunks of up to 4 KiB, with or without the last (zero) chunk. */
    static byte[] chunked(byte[] body, boolean last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += 4096) {
            int n = Math.min(4096, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (last) {
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** The start of a chunk that announces {@code announced} bytes and brings only {@code partial}. */
    static byte[] chunkHead(byte[] partial, int announced) {
        return raw(Integer.toHexString(announced) + "\r\n", partial);
    }

    static byte[] json(String text) {
        try {
            return JSON.writeValueAsBytes(JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
