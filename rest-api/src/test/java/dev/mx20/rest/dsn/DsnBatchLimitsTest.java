package dev.mx20.rest.dsn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mx20.rest.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.mx20.rest.dsn.DsnClassifyResourceTest.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The mailbox limit, with small limits so that the tests stay small (one example bounce is ~3 KiB). */
@QuarkusTest
@TestProfile(DsnBatchLimitsTest.SmallLimits.class)
class DsnBatchLimitsTest {

    /** A mailbox of at most 5,000 bytes; the HTTP ceiling stays above it, as configuration.md asks. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mx20.dsn.batch.max-size", "5000", "quarkus.http.limits.max-body-size", "1M");
        }
    }

    private final byte[] mbox = Fixtures.mbox(Fixtures.example("gmail-5.7.25-ipv6-ptr"),
            Fixtures.example("rfc3464-user-unknown"), Fixtures.example("postfix-ipv6-network-unreachable"));

    @Test
    void aStreamedMailboxOverTheLimitEndsWithAnErrorEntry() throws Exception {
        HttpResponse<String> r = postChunked("application/x-ndjson");
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> lines = DsnBatchResourceTest.ndjson(r.body());
        assertEquals(2, lines.size(), r.body());
        assertEquals("carol@example.org",
                lines.get(0).get("report").get("recipients").get(0).get("finalRecipient").asText());
        JsonNode last = lines.get(1);
        assertEquals(2, last.get("index").asInt());
        assertEquals("tag:mx20.dev,2025:problem/batch-too-large", last.get("error").get("type").asText());
        assertEquals(413, last.get("error").get("status").asInt());
    }

    @Test
    void aSummaryOfAMailboxOverTheLimitIs413() throws Exception {
        HttpResponse<String> r = postChunked("application/json");
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("tag:mx20.dev,2025:problem/batch-too-large", Fixtures.json(r.body()).get("type").asText());
    }

    @Test
    void aMailboxAnnouncedOverTheLimitIsRefusedBeforeReading() {
        assertProblem(given().contentType("application/mbox").accept("application/x-ndjson").body(mbox)
                .post("/dsn/classify/batch"), 413, "tag:mx20.dev,2025:problem/batch-too-large");
    }

    private HttpResponse<String> postChunked(String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(DsnClassifyResourceTest.baseUri() + "/dsn/classify/batch"))
                .header("Content-Type", "application/mbox").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(mbox)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
