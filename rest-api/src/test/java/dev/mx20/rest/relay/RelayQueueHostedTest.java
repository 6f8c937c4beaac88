package dev.mx20.rest.relay;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service hosting a real relay (HostedRelayResource): mail sent to its SMTP port over a raw socket shows up in
 * {@code GET /relay/queue} with the next hop's 421 as the last error, and {@code POST /relay/queue/flush} makes the
 * relay try again at once (one more attempt, not an hour later).
 */
@QuarkusTest
@TestProfile(HostedRelayProfile.class)
class RelayQueueHostedTest {

    @Test
    void readinessShowsTheListeningAddress() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'mx20-relay' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'mx20-relay' }.data.state", equalTo("running"))
                .body("checks.find { it.name == 'mx20-relay' }.data.smtp", matchesPattern("127\\.0\\.0\\.1:[1-9][0-9]*"));
    }

    @Test
    void queuedMailIsListedAndFlushRetriesItNow() throws IOException {
        String subject = "hosted-relay-test " + System.nanoTime();
        String reply;
        try (RawSmtp smtp = new RawSmtp(smtpAddress())) {
            reply = smtp.send("alice@sender.test.invalid", "bob@dest.test.invalid", """
                    From: alice@sender.test.invalid
                    To: bob@dest.test.invalid
                    Subject: %s
                    Message-ID: <%d@sender.test.invalid>

                    queued by the relay hosted in the service
                    """.formatted(subject, System.nanoTime()));
        }
        assertTrue(reply.startsWith("250"), reply);

        // The first attempt runs at once and meets the peer's 421: deferred, an hour's backoff.
        Map<String, Object> queued = awaitMessage("bob@dest.test.invalid", m -> attempts(m) >= 1);
        String id = (String) queued.get("queueId");
        assertNotNull(id);
        assertEquals("alice@sender.test.invalid", queued.get("sender"));
        assertEquals(List.of(Map.of("address", "bob@dest.test.invalid", "notifyOn", List.of("delay", "failure"))),
                queued.get("recipients"));
        assertTrue(((Number) queued.get("size")).longValue() > 100, "size " + queued.get("size"));
        Instant arrival = Instant.parse((String) queued.get("arrival"));
        Instant next = Instant.parse((String) queued.get("nextAttempt"));
        assertTrue(next.isAfter(arrival.plus(Duration.ofMinutes(30))), arrival + " -> " + next);
        List<Map<String, Object>> errors = list(queued, "lastErrors");
        assertEquals(1, errors.size(), errors.toString());
        Map<String, Object> error = errors.get(0);
        assertEquals("bob@dest.test.invalid", error.get("recipient"));
        assertEquals(421, error.get("replyCode"));
        assertTrue(((String) error.get("status")).startsWith("4."), error.toString());
        assertTrue(((String) error.get("diagnostic")).contains("test peer refuses service"), error.toString());
        int attemptsBefore = attempts(queued);

        given().post("/relay/queue/flush").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("rescheduled", greaterThanOrEqualTo(1));

        // Flushed: the relay tries again now instead of in an hour, meets the 421 again, keeps the message.
        Map<String, Object> retried = awaitMessage("bob@dest.test.invalid",
                m -> id.equals(m.get("queueId")) && attempts(m) > attemptsBefore);
        assertEquals(arrival.toString(), Instant.parse((String) retried.get("arrival")).toString());
        assertTrue(Instant.parse((String) retried.get("nextAttempt")).isAfter(Instant.now().plus(Duration.ofMinutes(30))));
    }

    @Test
    void flushOfAQueueWithNothingWaitingSaysZeroOrMore() {
        int n = given().post("/relay/queue/flush").then().statusCode(200).extract().path("rescheduled");
        assertTrue(n >= 0);
        given().get("/relay/queue").then().statusCode(200).contentType(ContentType.JSON);
    }

    @Test
    void limitBoundsTheListAndHeaderGivesTheTotal() throws IOException {
        for (int i = 0; i < 2; i++) {
            try (RawSmtp smtp = new RawSmtp(smtpAddress())) {
                String reply = smtp.send("alice@sender.test.invalid", "erin@dest.test.invalid",
                        "Subject: limit " + i + "\n\nbody\n");
                assertTrue(reply.startsWith("250"), reply);
            }
        }
        int total = Integer.parseInt(given().get("/relay/queue").then().statusCode(200).extract().header("X-Queue-Size"));
        assertTrue(total >= 2, "X-Queue-Size " + total);
        List<String> all = given().get("/relay/queue").then().statusCode(200).extract().path("queueId");
        assertEquals(total, all.size());
        List<String> one = given().queryParam("limit", 1).get("/relay/queue").then().statusCode(200)
                .header("X-Queue-Size", String.valueOf(total)).extract().path("queueId");
        assertEquals(List.of(all.get(0)), one, "limit=1 gives the oldest");

        for (String bad : List.of("0", "-1", "abc", "1e3", "100001", "9999999999", " 1", "1.5")) {
            given().queryParam("limit", bad).get("/relay/queue").then().log().ifValidationFails().statusCode(400)
                    .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                    .body("type", equalTo("tag:mx20.dev,2025:problem/invalid-parameter"));
        }
    }

    @Test
    void holdReleaseAndDeleteOneMessageByQueueId() throws IOException {
        try (RawSmtp smtp = new RawSmtp(smtpAddress())) {
            String reply = smtp.send("alice@sender.test.invalid", "frank@dest.test.invalid",
                    "Subject: hold " + System.nanoTime() + "\n\nbody\n");
            assertTrue(reply.startsWith("250"), reply);
        }
        String id = (String) awaitMessage("frank@dest.test.invalid", m -> attempts(m) >= 1).get("queueId");

        given().post("/relay/queue/" + id + "/hold").then().statusCode(200).contentType(ContentType.JSON)
                .body("queueId", equalTo(id)).body("held", equalTo(true));
        awaitMessage("frank@dest.test.invalid", m -> id.equals(m.get("queueId")) && Boolean.TRUE.equals(m.get("held")));
        given().post("/relay/queue/" + id + "/release").then().statusCode(200)
                .body("queueId", equalTo(id)).body("held", equalTo(false));

        given().delete("/relay/queue/" + id).then().statusCode(204);
        List<String> ids = given().get("/relay/queue").then().statusCode(200).extract().path("queueId");
        assertFalse(ids.contains(id), ids.toString());
        for (String gone : List.of("/relay/queue/" + id + "/hold", "/relay/queue/" + id + "/release")) {
            given().post(gone).then().statusCode(404)
                    .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                    .body("status", equalTo(404))
                    .body("detail", org.hamcrest.Matchers.containsString(id));
        }
        given().delete("/relay/queue/" + id).then().statusCode(404)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
    }

    @Test
    void aMessageWhoseContentVanishedIsListedInTheCorruptQueueNotReleasedUnrepairedAndDeletable() throws IOException {
        try (RawSmtp smtp = new RawSmtp(smtpAddress())) {
            String reply = smtp.send("alice@sender.test.invalid", "grace@dest.test.invalid",
                    "Subject: corrupt " + System.nanoTime() + "\n\nbody\n");
            assertTrue(reply.startsWith("250"), reply);
        }
        String id = (String) awaitMessage("grace@dest.test.invalid", m -> attempts(m) >= 1).get("queueId");
        java.nio.file.Path spool = dev.mx20.relay.config.ConfigFile.parse(java.nio.file.Path.of(
                org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("mx20.relay.config-file", String.class))).queueDirectory();
        java.nio.file.Files.delete(spool.resolve("queue").resolve(id + ".eml")); // not the relay's doing
        given().post("/relay/queue/flush").then().statusCode(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> entry = null;
        while (entry == null && System.nanoTime() < deadline) {
            List<Map<String, Object>> corrupt = given().get("/relay/queue/corrupt").then().statusCode(200)
                    .contentType(ContentType.JSON).extract().jsonPath().getList("$");
            entry = corrupt.stream().filter(c -> id.equals(c.get("queueId"))).findFirst().orElse(null);
            if (entry == null) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        assertNotNull(entry, "in the corrupt queue within 30 s");
        assertTrue(((String) entry.get("reason")).contains("content file missing"), entry.toString());
        assertEquals(Boolean.FALSE, entry.get("hasContent"));
        assertEquals(Boolean.TRUE, entry.get("hasEnvelope"));
        assertNotNull(entry.get("quarantinedAt"));
        List<String> queued = given().get("/relay/queue").then().statusCode(200).extract().path("queueId");
        assertFalse(queued.contains(id), "not in the active queue");

        given().post("/relay/queue/" + id + "/release").then().statusCode(409)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("type", org.hamcrest.Matchers.endsWith("message-corrupt"))
                .body("detail", org.hamcrest.Matchers.containsString("content file missing"));
        given().delete("/relay/queue/" + id).then().statusCode(204);
        List<String> left = given().get("/relay/queue/corrupt").then().statusCode(200).extract().path("queueId");
        assertFalse(left.contains(id), left.toString());
    }

    @Test
    void malformedQueueIdsAndMethodsGetProblemJsonNeverA500() {
        for (String bad : List.of("abc", "..", "ZZZ", "0123456789abcdef", "A".repeat(65), "%20A")) {
            given().urlEncodingEnabled(false).post("/relay/queue/" + bad + "/hold").then().statusCode(404)
                    .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
            given().urlEncodingEnabled(false).delete("/relay/queue/" + bad).then().statusCode(404)
                    .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
        }
        given().get("/relay/queue/ABCDEF/hold").then().statusCode(405)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
        given().delete("/relay/queue/flush").then().statusCode(405)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
        // A body of any type changes nothing: the operations take none.
        given().contentType("application/octet-stream").body(new byte[] {0, (byte) 0xff, '{'})
                .post("/relay/queue/0123456789ABCDEF/hold").then().statusCode(404)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
    }

    private static InetSocketAddress smtpAddress() {
        String smtp = given().get("/q/health/ready").then().statusCode(200)
                .extract().path("checks.find { it.name == 'mx20-relay' }.data.smtp");
        int colon = smtp.lastIndexOf(':');
        return new InetSocketAddress(smtp.substring(0, colon), Integer.parseInt(smtp.substring(colon + 1)));
    }

    /** Polls the queue (delivery runs in the background) until a message for {@code rcpt} matches. */
    private static Map<String, Object> awaitMessage(String rcpt, Predicate<Map<String, Object>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Map<String, Object>> last = List.of();
        while (System.nanoTime() < deadline) {
            JsonPath body = given().accept(ContentType.JSON).get("/relay/queue").then().statusCode(200)
                    .extract().jsonPath();
            last = body.getList("$");
            for (Map<String, Object> m : last) {
                boolean forRcpt = list(m, "recipients").stream().anyMatch(r -> rcpt.equals(r.get("address")));
                if (forRcpt && condition.test(m)) {
                    return m;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertFalse(true, "no queued message for " + rcpt + " matched within 30 s; queue: " + last);
        return Map.of();
    }

    private static int attempts(Map<String, Object> m) {
        return ((Number) m.get("attempts")).intValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? List.of() : (List<Map<String, Object>>) v;
    }
}
