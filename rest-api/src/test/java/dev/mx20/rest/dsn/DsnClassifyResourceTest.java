package dev.mx20.rest.dsn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mx20.rest.Fixtures;
import dev.mx20.rest.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /dsn/classify: real bounces in, the JSON contract out; every error path answers problem+json. */
@QuarkusTest
class DsnClassifyResourceTest {
    static final String PROBLEM = "application/problem+json";
    static final long LIMIT = 10L * 1024 * 1024;

    static Stream<Arguments> examplesAndTypes() {
        return Fixtures.EXAMPLES.stream().flatMap(name -> Stream.of("message/rfc822", "text/plain",
                "application/octet-stream").map(type -> Arguments.of(name, type)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("examplesAndTypes")
    void classifiesTheExampleBouncesAsTheirGoldenFilesSay(String name, String type) {
        String body = post(Fixtures.example(name), type).then()
                .statusCode(200).contentType("application/json").extract().asString();
        Fixtures.assertJsonSubset(Fixtures.golden(name), Fixtures.json(body), name);
    }

    @Test
    void crlfLineEndsGiveTheSameAnswerAsLf() {
        String lf = new String(Fixtures.example("rfc3464-user-unknown"), StandardCharsets.UTF_8);
        byte[] crlf = lf.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        String body = post(crlf, "message/rfc822").then().statusCode(200).extract().asString();
        Fixtures.assertJsonSubset(Fixtures.golden("rfc3464-user-unknown"), Fixtures.json(body), "crlf");
    }

    @Test
    void toleratesTheFromLineOfAMessageSavedFromAMailbox() {
        byte[] withFrom = concat("From MAILER-DAEMON Fri Nov 14 13:48:03 2025\n".getBytes(StandardCharsets.US_ASCII),
                Fixtures.example("gmail-5.7.25-ipv6-ptr"));
        String body = post(withFrom, "text/plain").then().statusCode(200).extract().asString();
        Fixtures.assertJsonSubset(Fixtures.golden("gmail-5.7.25-ipv6-ptr"), Fixtures.json(body), "from-line");
    }

    @Test
    void everyContractNameIsPresentEvenWhenNull() {
        JsonNode r = Fixtures.json(post(Fixtures.example("rfc3464-user-unknown"), "message/rfc822").then()
                .statusCode(200).extract().asString());
        for (String n : List.of("kind", "format", "reportingMta", "dsnGateway", "receivedFromMta", "arrivalDate",
                "originalEnvelopeId", "extensionFields", "original", "recipients", "warnings")) {
            assertTrue(r.has(n), "report lacks " + n + ": " + r);
        }
        for (String n : List.of("messageId", "from", "to", "subject", "date")) {
            assertTrue(r.get("original").has(n), "original lacks " + n);
        }
        JsonNode rcpt = r.get("recipients").get(0);
        for (String n : List.of("finalRecipient", "originalRecipient", "action", "status", "remoteMta", "diagnostic",
                "lastAttemptDate", "willRetryUntil", "category", "cause", "permanence", "ipv6", "explanation",
                "remedy", "evidence")) {
            assertTrue(rcpt.has(n), "recipient lacks " + n + ": " + rcpt);
        }
        for (String n : List.of("type", "text", "replyCode")) {
            assertTrue(rcpt.get("diagnostic").has(n), "diagnostic lacks " + n);
        }
        assertTrue(r.get("warnings").isArray());
        // A classifier that ran says something: the cause is a kebab-case id and the advice is not empty.
        assertTrue(rcpt.get("cause").asText().matches("[a-z0-9]+(-[a-z0-9]+)*"), "cause " + rcpt.get("cause"));
        assertTrue(!rcpt.get("remedy").asText().isBlank(), "remedy is blank");
    }

    @Test
    void aPersonalMessageIsNotABounce() {
        post(Fixtures.bytes("fixtures/plain/personal-message.eml"), "message/rfc822").then()
                .statusCode(200).contentType("application/json")
                .body("kind", equalTo("not-a-bounce"))
                .body("recipients", empty());
    }

    @Test
    void aVacationNoticeIsAnAutoReply() {
        post(Fixtures.bytes("fixtures/autoreply/vacation-rfc3834.eml"), "message/rfc822").then()
                .statusCode(200)
                .body("kind", equalTo("auto-reply"));
    }

    // --- 422: read, but cannot be a message ----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "   \r\n\t\n", "hello world", "no colon on this line\n\nbody",
            ": empty field name\n", "\nSubject: the header section is empty\n",
            "From MAILER-DAEMON Fri Nov 14 13:48:03 2025"})
    void refusesBodiesThatAreNotMessagesWith422(String body) {
        assertProblem(post(body.getBytes(StandardCharsets.UTF_8), "text/plain"), 422,
                "tag:mx20.dev,2025:problem/not-a-message");
    }

    @Test
    void refusesBinaryWithANulInTheHeaderSection() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertProblem(post(png, "application/octet-stream"), 422, "tag:mx20.dev,2025:problem/not-a-message");
        byte[] nul = "Subject: a\u0000b\nFrom: x@example.com\n\nbody".getBytes(StandardCharsets.ISO_8859_1);
        assertProblem(post(nul, "application/octet-stream"), 422, "tag:mx20.dev,2025:problem/not-a-message")
                .body("detail", containsString("NUL"));
    }

    /** Garbage of every shape: never a 500, always JSON or problem+json. */
    @Test
    void garbageNeverCausesA500() {
        Random random = new Random(20251121);
        byte[] example = Fixtures.example("postfix-ipv6-network-unreachable");
        for (int i = 0; i < 60; i++) {
            byte[] body;
            switch (i % 4) {
                case 0 -> { // random bytes
                    body = new byte[random.nextInt(2000)];
                    random.nextBytes(body);
                }
                case 1 -> { // a real bounce cut short anywhere
                    body = Arrays.copyOf(example, 1 + random.nextInt(example.length - 1));
                }
                case 2 -> { // a real bounce with random bytes flipped
                    body = example.clone();
                    for (int k = 0; k < 20; k++) {
                        body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                    }
                }
                default -> { // a header, then random bytes
                    byte[] tail = new byte[random.nextInt(3000)];
                    random.nextBytes(tail);
                    body = concat("Content-Type: multipart/report; boundary=x\n\n--x\n".getBytes(StandardCharsets.US_ASCII), tail);
                }
            }
            Response r = post(body, "application/octet-stream");
            int status = r.statusCode();
            assertTrue(status == 200 || status == 422, "case " + i + " answered " + status + ": " + r.asString());
            assertEquals(status == 200 ? "application/json" : PROBLEM, r.contentType().split(";")[0], "case " + i);
        }
    }

    // --- 413: over the limit ---------------------------------------------------------------------------

    @Test
    void refusesAMessageOverTheLimitAnnouncedByContentLength() {
        byte[] big = new byte[(int) LIMIT + 1];
        Arrays.fill(big, (byte) 'a');
        assertProblem(post(big, "application/octet-stream"), 413, "tag:mx20.dev,2025:problem/message-too-large")
                .body("detail", containsString("mx20.dsn.max-message-size"));
    }

    @Test
    void refusesAChunkedMessageOverTheLimitWhileReadingIt() throws Exception {
        byte[] big = new byte[(int) LIMIT + 100_000];
        Arrays.fill(big, (byte) 'a');
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri() + "/dsn/classify"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))) // chunked
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
        assertEquals(PROBLEM, r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("tag:mx20.dev,2025:problem/message-too-large", Fixtures.json(r.body()).get("type").asText());
    }

    @Test
    void refusesABodyOverTheServiceCeilingBeforeReadingIt() throws Exception {
        String answer = RawHttp.sendAndStall(RestAssured.port, "POST /dsn/classify HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 5000000000\r\n\r\n", new byte[0], 10_000);
        assertNotNull(answer, "the server kept the connection open");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains(PROBLEM), answer);
        assertTrue(answer.contains("tag:mx20.dev,2025:problem/body-too-large"), answer);
    }

    // --- never a hang ----------------------------------------------------------------------------------

    /** A client that stops sending its body is cut off after quarkus.http.read-timeout (2 s in tests). */
    @Test
    void aStalledBodyDoesNotHoldTheServer() throws Exception {
        long start = System.nanoTime();
        String answer = RawHttp.sendAndStall(RestAssured.port, "POST /dsn/classify HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: text/plain\r\nContent-Length: 100000\r\n\r\n",
                "Subject: only the start\n".getBytes(StandardCharsets.US_ASCII), 15_000);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertNotNull(answer, "the connection was still open after 15 s");
        assertTrue(seconds < 15, "took " + seconds + " s");
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 400"), answer);
    }

    /** The same for a small body, which the event-loop route reads: 400 problem+json within the time-out, closed. */
    @Test
    void aStalledSmallBodyIsAnswered400AndTheConnectionClosed() throws Exception {
        long start = System.nanoTime();
        String answer = RawHttp.sendAndStall(RestAssured.port, "POST /dsn/classify HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: message/rfc822\r\nContent-Length: 2000\r\n\r\n",
                "Subject: only the start\n".getBytes(StandardCharsets.US_ASCII), 15_000);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertNotNull(answer, "the connection was still open after 15 s");
        assertTrue(seconds < 15, "took " + seconds + " s");
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.isEmpty() || answer.contains("tag:mx20.dev,2025:problem/unreadable-body"), answer);
    }

    // --- the event-loop route and the resource answer alike -----------------------------------------------

    static Stream<byte[]> bodiesForBothPaths() {
        return Stream.concat(Fixtures.EXAMPLES.stream().map(Fixtures::example), Stream.of(
                new byte[0], "   \n".getBytes(StandardCharsets.US_ASCII),
                "this is not a header\n".getBytes(StandardCharsets.US_ASCII),
                "Subject: x\0y\n\nbinary".getBytes(StandardCharsets.ISO_8859_1)));
    }

    /**
     * With a Content-Length a small body is answered on the event loop ({@link ClassifyRoute}), chunked it goes
     * to the resource: status, Content-Type and body must be the same bytes either way.
     */
    @ParameterizedTest
    @MethodSource("bodiesForBothPaths")
    void aChunkedBodyAndOneWithContentLengthGetTheSameAnswer(byte[] body) throws Exception {
        HttpResponse<byte[]> sized = send(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> chunked = send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertEquals(chunked.statusCode(), sized.statusCode());
        assertEquals(chunked.headers().firstValue("Content-Type"), sized.headers().firstValue("Content-Type"));
        assertEquals(new String(chunked.body(), StandardCharsets.UTF_8), new String(sized.body(), StandardCharsets.UTF_8));
    }

    static HttpResponse<byte[]> send(HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri() + "/dsn/classify"))
                .header("Content-Type", "message/rfc822").POST(body).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    // --- 415 / 406 / 405 / 404 ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "image/png", "multipart/form-data; boundary=x"})
    void refusesOtherMediaTypesWith415(String type) {
        assertProblem(post("Subject: x\n\nx".getBytes(StandardCharsets.US_ASCII), type), 415, "about:blank")
                .body("title", equalTo("Unsupported Media Type"))
                .body("detail", containsString(type.split(";")[0]));
    }

    @Test
    void refusesAnAcceptItCannotSatisfyWith406() {
        assertProblem(given().contentType("message/rfc822").accept("text/html")
                        .body(Fixtures.example("rfc3464-user-unknown")).post("/dsn/classify"),
                406, "about:blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE"})
    void refusesOtherMethodsWith405(String method) {
        assertProblem(given().request(method, "/dsn/classify"), 405, "about:blank")
                .body("title", equalTo("Method Not Allowed"))
                .header("Allow", equalTo("OPTIONS, POST")) // RFC 9110 §15.5.6
                .body("detail", containsString("allowed: OPTIONS, POST"));
    }

    @Test
    void unknownPathsAre404() {
        assertProblem(given().get("/dsn/classify/nothing-here"), 404, "about:blank")
                .body("instance", equalTo("/dsn/classify/nothing-here"));
        assertProblem(given().get("/no/such/thing"), 404, "about:blank");
    }

    // --- helpers -----------------------------------------------------------------------------------------

    static Response post(byte[] body, String contentType) {
        return given().contentType(contentType).accept("application/json").body(body).post("/dsn/classify");
    }

    static io.restassured.response.ValidatableResponse assertProblem(Response r, int status, String type) {
        return r.then().statusCode(status).contentType(PROBLEM)
                .body("type", equalTo(type))
                .body("status", equalTo(status))
                .body("title", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .body("instance", startsWith("/"));
    }

    static String baseUri() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
