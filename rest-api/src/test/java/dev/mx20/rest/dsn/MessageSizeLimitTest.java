package dev.mx20.rest.dsn;

import dev.mx20.rest.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-message limit is configuration, not a constant: with {@code mx20.dsn.max-message-size=2048} a 3 KiB
 * bounce is a 413 naming the limit, announced by Content-Length or found while reading a chunked body, and inside
 * a mailbox an error entry after which the next message is still analysed. (The 10 MiB default:
 * DsnClassifyResourceTest.)
 */
@QuarkusTest
@TestProfile(MessageSizeLimitTest.SmallMessages.class)
class MessageSizeLimitTest {
    static final byte[] BOUNCE = Fixtures.example("rfc3464-user-unknown"); // ~3 KiB
    static final byte[] SMALL = "Subject: hello\nFrom: a@example.com\n\nhi\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public static class SmallMessages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mx20.dsn.max-message-size", "2048");
        }
    }

    @Test
    void aMessageOverTheConfiguredLimitIs413() throws Exception {
        assertTrue(BOUNCE.length > 2048, "the fixture must exceed the limit");
        given().contentType("message/rfc822").body(BOUNCE).post("/dsn/classify")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("tag:mx20.dev,2025:problem/message-too-large"))
                .body("detail", containsString("2048"));
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/dsn/classify"))
                .header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(BOUNCE))).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("message-too-large") && r.body().contains("2048"), r.body());
        given().contentType("message/rfc822").body(SMALL).post("/dsn/classify")
                .then().statusCode(200).body("kind", equalTo("not-a-bounce"));
    }

    @Test
    void insideAMailboxItIsAnErrorEntryAndTheNextMessageIsStillRead() {
        String ndjson = given().contentType("application/mbox").accept("application/x-ndjson")
                .body(Fixtures.mbox(BOUNCE, SMALL)).post("/dsn/classify/batch")
                .then().statusCode(200).extract().asString();
        String[] lines = ndjson.strip().split("\n");
        assertEquals(2, lines.length, ndjson);
        assertEquals(413, Fixtures.json(lines[0]).path("error").path("status").asInt(), lines[0]);
        assertEquals("not-a-bounce", Fixtures.json(lines[1]).path("report").path("kind").asText(), lines[1]);
    }
}
