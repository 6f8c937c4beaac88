package dev.mx20.rest.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(TestDnsResource.class)
class MailIpv6ResourceTest {
    static final String PROBLEM = "application/problem+json";

    @Test
    void oneDomain() {
        given().get("/domain/pattern.survey.example/mail-ipv6")
                .then().statusCode(200).contentType("application/json")
                .body("status", equalTo("IPV6_AND_IPV4"))
                .body("allMxHaveIpv6", is(true))
                .body("mxHosts.host", equalTo(List.of("v6only.pattern.survey.example", "relay.pattern.survey.example")))
                .body("mxHosts[1].ipv4", equalTo(List.of("192.0.2.1")));
        given().get("/domain/implicit.survey.example/mail-ipv6")
                .then().statusCode(200).body("status", equalTo("IPV6_ONLY")).body("implicitMx", is(true));
    }

    @Test
    void aFailingDomainStillGetsAnAnswerWithTheReason() {
        given().get("/domain/silent.survey.example/mail-ipv6")
                .then().statusCode(200)
                .body("status", equalTo("LOOKUP_FAILED"))
                .body("errors[0]", containsString("TIMEOUT"));
        given().get("/domain/broken.survey.example/mail-ipv6")
                .then().statusCode(200)
                .body("status", equalTo("LOOKUP_FAILED"))
                .body("errors", hasItem(containsString("SERVFAIL")));
    }

    @Test
    void aMalformedNameIs400() {
        for (String bad : List.of("a..b", "-x.example", "192.0.2.1", "x".repeat(300) + ".example", "localhost")) {
            given().get("/domain/{name}/mail-ipv6", bad)
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("violations[0].field", equalTo("name"));
        }
    }

    @Test
    void batchAsJsonKeepsTheInputOrder() {
        List<String> domains = List.of("v4mx.survey.example", "not a domain", "pattern.survey.example",
                "nomail.survey.example", "silent.survey.example");
        given().contentType("application/json").body(Map.of("domains", domains)).post("/domains/mail-ipv6")
                .then().statusCode(200).contentType("application/json")
                .body("$", hasSize(5))
                .body("domain", equalTo(domains))
                .body("status", equalTo(List.of("IPV4_ONLY", "INVALID_NAME", "IPV6_AND_IPV4", "NULL_MX", "LOOKUP_FAILED")));
    }

    @Test
    void batchAsNdjsonStreamsOneLinePerDomain() throws Exception {
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            domains.add(List.of("pattern", "v6mx", "v4mx", "nothing", "broken").get(i % 5) + ".survey.example");
        }
        String body = given().contentType("application/json").accept("application/x-ndjson")
                .body(Map.of("domains", domains)).post("/domains/mail-ipv6")
                .then().statusCode(200).contentType(containsString("application/x-ndjson"))
                .extract().asString();
        String[] lines = body.strip().split("\n");
        assertEquals(60, lines.length, body);
        ObjectMapper json = new ObjectMapper();
        Set<String> statuses = new HashSet<>();
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            assertTrue(node.has("domain") && node.has("status"), line);
            statuses.add(node.get("status").asText());
        }
        assertEquals(Set.of("IPV6_AND_IPV4", "IPV6_ONLY", "IPV4_ONLY", "NO_MAIL_DOMAIN", "LOOKUP_FAILED"), statuses);
    }

    @Test
    void badBatchesAre400() {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add("d" + i + ".survey.example");
        }
        given().contentType("application/json").body(Map.of("domains", tooMany)).post("/domains/mail-ipv6")
                .then().statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("domains"));
        given().contentType("application/json").body("{}").post("/domains/mail-ipv6")
                .then().statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("domains"));
        given().contentType("application/json").body("{\"domains\": 7").post("/domains/mail-ipv6")
                .then().statusCode(400).contentType(PROBLEM);
        given().contentType("application/json").body("{\"domains\": [1, {\"a\": 2}]}").post("/domains/mail-ipv6")
                .then().statusCode(400).contentType(PROBLEM);
        given().contentType("application/json").body("{\"domains\": [\"example.com\", null]}").post("/domains/mail-ipv6")
                .then().statusCode(400).contentType(PROBLEM).body("violations.size()", equalTo(1))
                .body("violations[0].field", startsWith("domains[1]"));
    }
}
