package dev.mx20.rest.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mx20.relay.testdns.LyingDnsProxy.Lie;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service behind a lying resolver ({@code TestDnsResource} routes {@code <lie>.lie.example} through
 * relay-core's {@code LyingDnsProxy}): the readiness endpoints give one result per domain naming the failure,
 * {@code POST /relay/validate} a report naming the failed lookups; never a 500, never a hang. A truncated UDP
 * answer is fetched over TCP and gives the honest result.
 */
@QuarkusTest
@QuarkusTestResource(TestDnsResource.class)
class LyingResolverResourceTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(90);

    /** What a failed lookup reports: dropped answers (not ours, or unparsable) end as a timeout (RFC 5452 §9.1). */
    static String expectedFailure(Lie lie) {
        return switch (lie) {
            case SERVFAIL -> "SERVFAIL";
            case REFUSED -> "REFUSED";
            default -> "TIMEOUT";
        };
    }

    static List<String> domains() {
        List<String> domains = new ArrayList<>(Arrays.stream(Lie.values()).map(Lie::domain).toList());
        domains.add("pattern.survey.example");
        return domains;
    }

    @Test
    void readinessBatchGivesEveryDomainItsResultAndReason() {
        List<String> domains = domains();
        Response res = assertTimeoutPreemptively(HANG_GUARD, () -> given().contentType("application/json")
                .body(Map.of("domains", domains)).post("/domains/mail-ipv6"));
        res.then().statusCode(200).contentType("application/json").body("domain", equalTo(domains));
        for (Lie lie : Lie.values()) {
            String status = res.path("find { it.domain == '" + lie.domain() + "' }.status");
            List<String> errors = res.path("find { it.domain == '" + lie.domain() + "' }.errors");
            if (lie == Lie.TRUNCATED) {
                assertEquals("IPV6_AND_IPV4", status, lie + " " + errors);
            } else {
                assertEquals("LOOKUP_FAILED", status, lie.toString());
                assertTrue(errors.stream().anyMatch(e -> e.contains(expectedFailure(lie))), lie + " " + errors);
            }
        }
        assertEquals("IPV6_AND_IPV4", res.path("find { it.domain == 'pattern.survey.example' }.status"));
    }

    @Test
    void readinessNdjsonStreamEndsWithALinePerDomain() throws Exception {
        List<String> domains = domains();
        String body = assertTimeoutPreemptively(HANG_GUARD, () -> given().contentType("application/json")
                .accept("application/x-ndjson").body(Map.of("domains", domains)).post("/domains/mail-ipv6")
                .then().statusCode(200).extract().asString());
        String[] lines = body.strip().split("\n");
        assertEquals(domains.size(), lines.length, body);
        ObjectMapper json = new ObjectMapper();
        Map<String, String> statusByDomain = new HashMap<>();
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            statusByDomain.put(node.get("domain").asText(), node.get("status").asText());
        }
        for (Lie lie : Lie.values()) {
            assertEquals(lie == Lie.TRUNCATED ? "IPV6_AND_IPV4" : "LOOKUP_FAILED", statusByDomain.get(lie.domain()),
                    lie.toString());
        }
    }

    @Test
    void readinessSingleDomainIs200WithTheReason() {
        given().get("/domain/{name}/mail-ipv6", Lie.WRONG_QUESTION.domain())
                .then().statusCode(200).body("status", equalTo("LOOKUP_FAILED"))
                .time(lessThan(HANG_GUARD.toMillis()));
        given().get("/domain/{name}/mail-ipv6", Lie.REFUSED.domain())
                .then().statusCode(200).body("status", equalTo("LOOKUP_FAILED"));
    }

    @Test
    void relayValidateAgainstEveryLieIsAReportNeverA500() throws Exception {
        // all lies at once: the time-outs run side by side, each bounded by mx20.validate.budget
        ExecutorService pool = Executors.newFixedThreadPool(Lie.values().length);
        try {
            Map<Lie, CompletableFuture<Response>> responses = new HashMap<>();
            for (Lie lie : Lie.values()) {
                responses.put(lie, CompletableFuture.supplyAsync(() -> given().contentType("application/json")
                        .body(config(lie.domain())).post("/relay/validate"), pool));
            }
            for (Lie lie : Lie.values()) {
                Response r = assertTimeoutPreemptively(HANG_GUARD, () -> responses.get(lie).get());
                assertEquals(200, r.statusCode(), lie + ": " + r.asString());
                List<String> codes = r.path("findings.code");
                if (lie == Lie.TRUNCATED) {
                    assertEquals(Boolean.TRUE, r.path("valid"), r.asString());
                    continue;
                }
                assertEquals(Boolean.FALSE, r.path("valid"), lie.toString());
                assertTrue(codes.contains("MX_LOOKUP_FAILED"), lie + ": " + codes);
                List<String> evidence = r.path("findings.find { it.code == 'MX_LOOKUP_FAILED' }.evidence");
                assertTrue(evidence.stream().anyMatch(e -> e.contains(expectedFailure(lie))), lie + ": " + evidence);
                for (String missing : List.of("MX_MISSING", "SPF_MISSING", "DMARC_MISSING", "NS_TOO_FEW")) {
                    assertTrue(!codes.contains(missing), lie + ": a failed lookup is not " + missing + " " + codes);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tenThousandRecipientsLiveAgainstALyingResolverStillAnswer() {
        Map<String, Object> body = config(Lie.SERVFAIL.domain());
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            recipients.add("user" + i + "@" + Lie.SERVFAIL.domain());
        }
        body.put("recipients", recipients);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200).body("valid", equalTo(false))
                .time(lessThan(HANG_GUARD.toMillis()));
    }

    /** The MX 20 pattern under the lying domain; the relay's addresses have honest PTRs (relay.example.com). */
    static Map<String, Object> config(String domain) {
        Map<String, Object> body = new HashMap<>();
        body.put("domains", List.of(domain));
        body.put("primaryHost", "v6only." + domain);
        body.put("primaryPreference", 10);
        body.put("relayHost", "relay." + domain);
        body.put("relayPreference", 20);
        body.put("relayIpv4", "192.0.2.1");
        body.put("relayIpv6", "2001:db8::20");
        body.put("heloName", "relay.example.com");
        body.put("recipients", List.of("alice@" + domain, "postmaster@" + domain));
        body.put("queueLifetimeHours", 120);
        body.put("smarthost", false);
        return body;
    }
}
