package dev.mx20.rest.dsn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mx20.rest.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static dev.mx20.rest.dsn.DsnClassifyResourceTest.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /dsn/classify/batch: an mbox of real bounces, answered as NDJSON or as an operator's summary. */
@QuarkusTest
class DsnBatchResourceTest {
    static final String NDJSON = "application/x-ndjson";
    static final byte[] NOT_A_MESSAGE = "this line is not a header\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void streamsOneNdjsonEntryPerMessageInOrderAndGoesOnAfterABadOne() {
        byte[] mbox = Fixtures.mbox(
                Fixtures.example("postfix-ipv6-network-unreachable"),
                Fixtures.example("gmail-5.7.25-ipv6-ptr"),
                NOT_A_MESSAGE,
                Fixtures.example("rfc3464-user-unknown"),
                Fixtures.bytes("fixtures/autoreply/vacation-rfc3834.eml"));
        Response r = batch(mbox, NDJSON);
        r.then().statusCode(200).contentType(NDJSON);
        List<JsonNode> lines = ndjson(r.asString());
        assertEquals(5, lines.size(), r.asString());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).get("index").asInt());
            assertEquals("MAILER-DAEMON", lines.get(i).get("envelopeSender").asText());
        }
        Fixtures.assertJsonSubset(Fixtures.golden("postfix-ipv6-network-unreachable"), lines.get(0).get("report"), "1");
        Fixtures.assertJsonSubset(Fixtures.golden("gmail-5.7.25-ipv6-ptr"), lines.get(1).get("report"), "2");
        JsonNode error = lines.get(2).get("error");
        assertNull(lines.get(2).get("report"));
        assertEquals("tag:mx20.dev,2025:problem/not-a-message", error.get("type").asText());
        assertEquals(422, error.get("status").asInt());
        Fixtures.assertJsonSubset(Fixtures.golden("rfc3464-user-unknown"), lines.get(3).get("report"), "4");
        assertEquals("auto-reply", lines.get(4).get("report").get("kind").asText());
    }

    /**
     * Many messages: several are analysed at once on the analysis threads (BatchAnalysisPool), and the entries
     * must still come in mailbox order, each with its own result, error entries in their place; the summary of
     * the same mailbox must count the same.
     */
    @Test
    void aLargeMailboxAnalysedInParallelKeepsTheOrderOfEntriesAndErrors() {
        int n = 600;
        byte[][] messages = new byte[n][];
        String[] expectedRecipient = new String[n];
        for (int i = 0; i < n; i++) {
            if (i % 7 == 6) {
                messages[i] = NOT_A_MESSAGE;
            } else {
                String name = Fixtures.EXAMPLES.get(i % Fixtures.EXAMPLES.size());
                messages[i] = Fixtures.example(name);
                expectedRecipient[i] = Fixtures.golden(name).get("recipients").get(0).get("finalRecipient").asText();
            }
        }
        byte[] mbox = Fixtures.mbox(messages);
        Response r = batch(mbox, NDJSON);
        r.then().statusCode(200).contentType(NDJSON);
        List<JsonNode> lines = ndjson(r.asString());
        assertEquals(n, lines.size());
        int errors = 0;
        for (int i = 0; i < n; i++) {
            JsonNode line = lines.get(i);
            assertEquals(i + 1, line.get("index").asInt(), "entry " + i);
            if (expectedRecipient[i] == null) {
                errors++;
                assertEquals(422, line.get("error").get("status").asInt(), "entry " + i);
                assertNull(line.get("report"), "entry " + i);
            } else {
                assertEquals(expectedRecipient[i],
                        line.get("report").get("recipients").get(0).get("finalRecipient").asText(), "entry " + i);
                assertEquals(messages[i].length, line.get("size").asInt(), "entry " + i);
            }
        }
        batch(mbox, "application/json").then().statusCode(200)
                .body("messages", equalTo(n))
                .body("errors", equalTo(errors))
                .body("analysed", equalTo(n - errors));
    }

    /** Streamed both ways: the first entry arrives while the client is still sending the mailbox. */
    @Test
    void answersTheFirstMessageBeforeTheMailboxHasArrived() throws Exception {
        byte[] first = Fixtures.mbox(Fixtures.example("rfc3464-user-unknown"));
        byte[] startOfSecond = "From MAILER-DAEMON Sat Nov 15 10:00:00 2025\n".getBytes(StandardCharsets.US_ASCII);
        byte[] restOfSecond = Fixtures.example("gmail-5.7.25-ipv6-ptr");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            s.setSoTimeout(20_000);
            java.io.OutputStream out = s.getOutputStream();
            out.write(("POST /dsn/classify/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/mbox\r\n"
                    + "Accept: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            chunk(out, DsnClassifyResourceTest.concat(first, startOfSecond));
            out.flush();
            java.io.InputStream in = s.getInputStream();
            String soFar = readUntil(in, "erin@example.net");
            assertTrue(soFar.startsWith("HTTP/1.1 200"), soFar);
            assertFalse(soFar.contains("carol@example.org"), "the second message was answered before it was sent");
            chunk(out, restOfSecond);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            readUntil(in, "carol@example.org");
        }
    }

    /**
     * A client that asks "Expect: 100-continue" (curl does for bodies over 1 MiB) gets its 100 before it sends the
     * mailbox, not after its own wait (curl: 1 s per request).
     */
    @Test
    void answers100ContinueBeforeTheMailboxIsSent() throws Exception {
        byte[] mbox = Fixtures.mbox(Fixtures.example("rfc3464-user-unknown"));
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            s.setSoTimeout(20_000);
            java.io.OutputStream out = s.getOutputStream();
            out.write(("POST /dsn/classify/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/mbox\r\n"
                    + "Accept: application/x-ndjson\r\nExpect: 100-continue\r\nContent-Length: " + mbox.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            java.io.InputStream in = s.getInputStream();
            String interim = readUntil(in, "\r\n\r\n");
            assertTrue(interim.startsWith("HTTP/1.1 100"), interim);
            out.write(mbox);
            out.flush();
            assertTrue(readUntil(in, "erin@example.net").startsWith("HTTP/1.1 200"));
        }
    }

    /** A mailbox upload that stops arriving is cut off after quarkus.http.read-timeout (2 s in tests). */
    @Test
    void aStalledMailboxDoesNotHoldTheServer() throws Exception {
        long start = System.nanoTime();
        String answer = dev.mx20.rest.RawHttp.sendAndStall(io.restassured.RestAssured.port,
                "POST /dsn/classify/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/mbox\r\n"
                        + "Accept: application/json\r\nContent-Length: 100000\r\n\r\n",
                "From MAILER-DAEMON Fri Nov 14 13:48:03 2025\nSubject: only the start\n"
                        .getBytes(StandardCharsets.US_ASCII), 15_000);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(answer != null, "the connection was still open after 15 s");
        assertTrue(seconds < 15, "took " + seconds + " s");
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 400"), answer);
    }

    /**
     * A large body refused early (not an mbox) is answered while the client is still sending it: the service drops
     * the rest of the body (more than it ever holds in memory for a request) instead of leaving the upload stuck.
     */
    @Test
    void aLargeBodyThatIsNotAMailboxIsAnswered422WhileItIsStillArriving() throws Exception {
        byte[] body = new byte[3 << 20];
        Arrays.fill(body, (byte) 'x');
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + "/dsn/classify/batch"))
                .header("Content-Type", "application/mbox").header("Accept", "application/x-ndjson")
                .timeout(java.time.Duration.ofSeconds(30))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(422, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("tag:mx20.dev,2025:problem/not-an-mbox"), answer.body());
    }

    private static void chunk(java.io.OutputStream out, byte[] data) throws java.io.IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads the raw response until {@code marker} shows up (fails on time-out or end of stream). */
    private static String readUntil(java.io.InputStream in, String marker) throws java.io.IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!got.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int n = in.read(buf);
            assertTrue(n > 0, "stream ended before " + marker + ": " + got);
            got.write(buf, 0, n);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void unescapesMboxrdFromLinesBeforeAnalysis() {
        // The size of an entry is the size of the un-escaped message: exactly the original's.
        byte[] message = ("From: someone@example.com\nSubject: quoting\n\n"
                + "From the start of a body line\n>From an already quoted line\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<JsonNode> lines = ndjson(batch(Fixtures.mbox(message), NDJSON).then().statusCode(200)
                .extract().asString());
        assertEquals(1, lines.size());
        assertEquals(message.length, lines.get(0).get("size").asInt());
        assertEquals("not-a-bounce", lines.get(0).get("report").get("kind").asText());
    }

    @Test
    void aMessageOverTheLimitIsAnErrorEntryAndTheNextOneIsStillRead() {
        byte[] huge = new byte[(int) DsnClassifyResourceTest.LIMIT + 10];
        Arrays.fill(huge, (byte) 'x');
        byte[] hugeMessage = DsnClassifyResourceTest.concat("Subject: big\n\n".getBytes(StandardCharsets.US_ASCII), huge);
        List<JsonNode> lines = ndjson(batch(Fixtures.mbox(hugeMessage, Fixtures.example("rfc3464-user-unknown")),
                NDJSON).then().statusCode(200).extract().asString());
        assertEquals(2, lines.size());
        assertEquals("tag:mx20.dev,2025:problem/message-too-large", lines.get(0).get("error").get("type").asText());
        // A skipped message is counted up to the next From_ line: + the line end and the separator mbox() adds
        assertEquals(hugeMessage.length + 2, lines.get(0).get("size").asLong());
        assertEquals("erin@example.net",
                lines.get(1).get("report").get("recipients").get(0).get("finalRecipient").asText());
    }

    @Test
    void summarisesAWeekOfBouncesForTheOperator() {
        byte[] mbox = Fixtures.mbox(
                Fixtures.example("gmail-5.7.25-ipv6-ptr"),
                Fixtures.example("rfc3464-user-unknown"),
                Fixtures.example("gmail-5.7.25-ipv6-ptr"),
                Fixtures.example("postfix-ipv6-network-unreachable"),
                NOT_A_MESSAGE,
                Fixtures.bytes("fixtures/plain/personal-message.eml"));
        batch(mbox, "application/json").then().statusCode(200).contentType("application/json")
                .body("messages", equalTo(6))
                .body("analysed", equalTo(5))
                .body("errors", equalTo(1))
                .body("errorsByType.'tag:mx20.dev,2025:problem/not-a-message'", equalTo(1))
                .body("byKind.dsn", equalTo(4))
                .body("byKind.'not-a-bounce'", equalTo(1))
                .body("recipients", equalTo(4))
                .body("failedRecipients", equalTo(4))
                .body("ipv6Failures", equalTo(3))
                .body("ipv6Share", equalTo(0.75f))
                .body("byCategory.requireptr", equalTo(2))
                .body("byCategory.userunknown", equalTo(1))
                .body("byPermanence.permanent", equalTo(3))
                .body("byPermanence.transient", equalTo(1))
                .body("topRemoteMtas[0].name", equalTo("aspmx.l.google.com"))
                .body("topRemoteMtas[0].count", equalTo(2))
                .body("topRecipientDomains[0].name", equalTo("example.org"))
                .body("topRecipientDomains[0].count", equalTo(2))
                .body("topRecipientDomains", hasSize(3));
        batch(mbox, "application/json", "1").then().statusCode(200)
                .body("topRecipientDomains", hasSize(1))
                .body("topRemoteMtas", hasSize(1));
    }

    @Test
    void wildcardAcceptGetsTheSummaryAndNdjsonMustBeAskedFor() {
        byte[] mbox = Fixtures.mbox(NOT_A_MESSAGE);
        batch(mbox, "*/*").then().statusCode(200).contentType("application/json").body("messages", equalTo(1));
        batch(mbox, "application/x-ndjson;q=0.9, application/json;q=0.5").then().statusCode(200).contentType(NDJSON);
        batch(mbox, "application/json;q=0.9, application/x-ndjson;q=0.5").then().statusCode(200)
                .contentType("application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "Subject: a single message\n\nnot an mbox\n", "x"})
    void refusesBodiesThatAreNotMailboxesWith422(String body) {
        for (String accept : List.of(NDJSON, "application/json")) {
            assertProblem(batch(body.getBytes(StandardCharsets.US_ASCII), accept), 422,
                    "tag:mx20.dev,2025:problem/not-an-mbox");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "abc", "-1", "99999999999", "010", "1.5"})
    void refusesAnInvalidTopWith400NamingTheParameter(String top) {
        assertProblem(batch(Fixtures.mbox(NOT_A_MESSAGE), "application/json", top), 400,
                "tag:mx20.dev,2025:problem/invalid-parameter")
                .body("violations.size()", equalTo(1))
                .body("violations[0].field", equalTo("top"))
                .body("violations[0].message", equalTo("must be a whole number from 1 to 100"))
                .body("detail", containsString("top"));
    }

    @Test
    void refusesOtherMediaTypesAndAccepts() {
        assertProblem(given().contentType("application/json").accept(NDJSON).body("{}").post("/dsn/classify/batch"),
                415, "about:blank");
        assertProblem(given().contentType("application/mbox").accept("text/csv").body(Fixtures.mbox(NOT_A_MESSAGE))
                .post("/dsn/classify/batch"), 406, "about:blank");
        assertProblem(given().get("/dsn/classify/batch"), 405, "about:blank");
    }

    @Test
    void garbageMailboxesNeverCauseA500() {
        java.util.Random random = new java.util.Random(4155);
        for (int i = 0; i < 30; i++) {
            byte[] noise = new byte[random.nextInt(4000)];
            random.nextBytes(noise);
            byte[] body = DsnClassifyResourceTest.concat("From x\n".getBytes(StandardCharsets.US_ASCII),
                    new String(noise, StandardCharsets.ISO_8859_1).replace("\u0000", "\nFrom y\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            Response r = batch(body, NDJSON);
            assertEquals(200, r.statusCode(), r.asString());
            for (JsonNode line : ndjson(r.asString())) {
                assertTrue(line.has("report") != line.has("error"), line.toString());
                assertFalse(line.has("error") && line.get("error").get("status").asInt() >= 500, line.toString());
            }
        }
    }

    static Response batch(byte[] mbox, String accept) {
        return given().contentType("application/mbox").accept(accept).body(mbox).post("/dsn/classify/batch");
    }

    static Response batch(byte[] mbox, String accept, String top) {
        return given().contentType("application/mbox").accept(accept).queryParam("top", top).body(mbox)
                .post("/dsn/classify/batch");
    }

    /** Parses an NDJSON body strictly: every line one JSON object, starting at its first byte, LF-terminated. */
    static List<JsonNode> ndjson(String body) {
        assertTrue(body.isEmpty() || body.endsWith("\n"), "the last NDJSON line has no line end");
        assertFalse(body.contains("\r"), "NDJSON lines end with LF");
        List<String> lines = body.lines().toList();
        for (String line : lines) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), "not one JSON object per line: " + line);
        }
        return lines.stream().map(Fixtures::json).toList();
    }
}
