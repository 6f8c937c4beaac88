package dev.mx20.rest.validate;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(TestDnsResource.class)
class RelayValidateResourceTest {
    static final String PROBLEM = "application/problem+json";
    static final List<String> PATTERN = List.of(
            "@ IN MX 10 v6only", "@ IN MX 20 relay",
            "@ IN NS ns1", "@ IN NS ns2", "ns1 IN AAAA 2001:db8::53", "ns2 IN AAAA 2001:db8:1::53",
            "@ IN TXT \"v=spf1 mx -all\"",
            "v6only IN AAAA 2001:db8::1",
            "relay IN A 192.0.2.1", "relay IN AAAA 2001:db8::20",
            "1.2.0.192.in-addr.arpa. IN PTR relay.example.com.",
            "0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. IN PTR relay.example.com.");

    static Map<String, Object> config() {
        Map<String, Object> body = new HashMap<>();
        body.put("domains", List.of("example.com"));
        body.put("primaryHost", "v6only.example.com");
        body.put("primaryPreference", 10);
        body.put("relayHost", "relay.example.com");
        body.put("relayPreference", 20);
        body.put("relayIpv4", "192.0.2.1");
        body.put("relayIpv6", "2001:db8::20");
        body.put("recipients", List.of("alice@example.com", "postmaster@example.com"));
        body.put("queueLifetimeHours", 120);
        body.put("smarthost", true);
        return body;
    }

    @Test
    void offlineThePatternIsValid() {
        Map<String, Object> body = config();
        body.put("dnsRecords", PATTERN);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200).contentType("application/json")
                .body("valid", is(true))
                .body("mode", equalTo("offline"))
                .body("errors", equalTo(0))
                .body("passed", hasItems("MX_TOO_FEW", "MX_RELAY_PREFERENCE_NOT_HIGHER", "PTR_MISSING", "SPF_RELAY_NOT_AUTHORISED"))
                .body("findings.severity", everyItem(isOneOf("warning", "info")));
    }

    @Test
    void offlineEqualPreferenceSaysWhatToPublish() {
        Map<String, Object> body = config();
        List<String> records = new ArrayList<>(PATTERN);
        records.set(1, "@ IN MX 10 relay");
        body.put("dnsRecords", records);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200)
                .body("valid", is(false))
                .body("findings.find { it.code == 'MX_RELAY_PREFERENCE_NOT_HIGHER' }.severity", equalTo("error"))
                .body("findings.find { it.code == 'MX_RELAY_PREFERENCE_NOT_HIGHER' }.remedy",
                        containsString("example.com. IN MX 20 relay.example.com."))
                .body("findings.find { it.code == 'MX_RELAY_PREFERENCE_NOT_HIGHER' }.evidence",
                        hasItem("example.com MX 10 relay.example.com"));
    }

    @Test
    void liveAgainstTheTestDnsServer() {
        given().contentType("application/json").body(config()).post("/relay/validate")
                .then().statusCode(200)
                .body("mode", equalTo("live"))
                .body("valid", is(true))
                .body("dnsQueries", notNullValue());
    }

    @Test
    void liveAnIpv6OnlyDomainWithoutMxIsReported() {
        Map<String, Object> body = config();
        body.put("domains", List.of("implicit.survey.example"));
        body.put("recipients", List.of("a@implicit.survey.example"));
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200)
                .body("valid", is(false))
                .body("findings.code", hasItem("MX_MISSING"))
                .body("findings.find { it.code == 'MX_MISSING' }.evidence", hasItem("implicit.survey.example AAAA 2001:db8::99"));
    }

    @Test
    void everyBadFieldIsNamed() {
        Map<String, Object> body = config();
        body.put("domains", List.of("example.com", "bad..name"));
        body.put("primaryPreference", 70000);
        body.put("relayIpv4", "2001:db8::1");
        body.put("relayIpv6", "not-an-address");
        body.put("recipients", List.of("alice@example.com", "bob@elsewhere.example", "no-at-sign"));
        body.put("relayNetworks", List.of("192.0.2.0/33"));
        body.put("heloName", "-bad-");
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("tag:mx20.dev,2025:problem/invalid-parameter"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/relay/validate"))
                .body("violations.field", hasItems("domains[1]", "primaryPreference", "relayIpv4", "relayIpv6",
                        "recipients[1]", "recipients[2]", "relayNetworks[0]", "heloName"))
                .body("violations.field", not(hasItem("recipients[0]")));
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        given().contentType("application/json").body("{}").post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItems("domains", "primaryHost", "primaryPreference", "relayHost", "relayPreference"));
    }

    @Test
    void tenThousandBadRecipientsGiveACappedList() {
        Map<String, Object> body = config();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            recipients.add("user" + i + "@elsewhere.example");
        }
        body.put("recipients", recipients);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations", hasSize(RequestValidation.MAX_REPORTED))
                .body("violations[0].field", equalTo("recipients[0]"))
                .body("violations[1].field", equalTo("recipients[1]"))
                .body("detail", containsString("of 10000"));
    }

    @Test
    void tenThousandGoodRecipientsAreAccepted() {
        Map<String, Object> body = config();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            recipients.add("user" + i + "@example.com");
        }
        body.put("recipients", recipients);
        body.put("dnsRecords", PATTERN);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200).body("valid", is(true));
    }

    @Test
    void aBadRecordIsNamedByItsIndex() {
        Map<String, Object> body = config();
        body.put("dnsRecords", List.of("@ IN MX 10 v6only", "relay IN A 300.1.2.3"));
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", equalTo("dnsRecords[1]"))
                .body("violations[0].message", containsString("zone-file"));
    }

    @Test
    void activeProbesAreRefusedUnlessTheServiceAllowsThemAndNeverOffline() {
        Map<String, Object> body = config();
        body.put("activeProbes", true);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", equalTo("activeProbes"))
                .body("violations[0].message", containsString("mx20.validate.probes.allowed"));
        body.put("dnsRecords", PATTERN);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].message", containsString("live mode"));
    }

    @Test
    void offlineAPrimaryMeantIpv6OnlyThatPublishesAIsAWarning() {
        Map<String, Object> body = config();
        List<String> records = new ArrayList<>(PATTERN);
        records.add("v6only IN A 192.0.2.10");
        body.put("dnsRecords", records);
        body.put("primaryIpv6Only", true);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200)
                .body("valid", is(true))
                .body("findings.find { it.code == 'PRIMARY_HAS_IPV4' }.severity", equalTo("warning"))
                .body("findings.find { it.code == 'PRIMARY_HAS_IPV4' }.remedy",
                        containsString("v6only.example.com. IN A 192.0.2.10"))
                .body("passed", hasItem("PRIMARY_IPV6_ONLY"));
        // the same records, the primary meant dual-stack: a note, and the other fact passes
        body.put("primaryIpv6Only", false);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200)
                .body("findings.find { it.code == 'PRIMARY_HAS_IPV4' }.severity", equalTo("info"))
                .body("passed", hasItem("PRIMARY_IPV6_ONLY"));
        // unset: today's note, nothing judged
        body.remove("primaryIpv6Only");
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200)
                .body("findings.find { it.code == 'PRIMARY_HAS_IPV4' }.severity", equalTo("info"))
                .body("passed", not(hasItem("PRIMARY_IPV6_ONLY")));
    }

    @Test
    void liveAPrimaryMeantDualStackWithoutAIsAWarning() {
        Map<String, Object> body = config();
        body.put("primaryIpv6Only", false);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200)
                .body("mode", equalTo("live"))
                .body("findings.find { it.code == 'PRIMARY_IPV6_ONLY' }.severity", equalTo("warning"))
                .body("findings.find { it.code == 'PRIMARY_IPV6_ONLY' }.remedy",
                        containsString("primaryIpv6Only to true"));
    }

    @Test
    void primaryIpv6OnlyOfTheWrongTypeIs400NamingTheField() {
        for (String value : List.of("\"yes\"", "\"maybe\"", "[true]", "{\"v\": true}")) {
            Map<String, Object> body = config();
            body.put("dnsRecords", PATTERN);
            // the field first, then the valid rest of the request
            String json = "{\"primaryIpv6Only\": " + value + ", " + toJson(body).substring(1);
            given().contentType("application/json").body(json).post("/relay/validate")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("detail", containsString("primaryIpv6Only"));
        }
    }

    private static String toJson(Map<String, Object> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void malformedJsonAndWrongTypesAre400() {
        given().contentType("application/json").body("{\"domains\": [\"example.com\"").post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("tag:mx20.dev,2025:problem/malformed-json"));
        given().contentType("application/json").body("{\"routing\": \"CARRIER_PIGEON\"}").post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("routing"));
        given().contentType("application/json").body("{\"primaryPreference\": \"ten\"}").post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM);
        given().contentType("application/json").body("[]").post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM);
        given().contentType("application/json").body("").post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM);
        given().contentType("text/plain").body("hello").post("/relay/validate")
                .then().statusCode(415).contentType(PROBLEM);
    }

    static Map<String, Object> daneConfig() {
        Map<String, Object> body = new HashMap<>();
        body.put("domains", List.of("dane.example"));
        body.put("primaryHost", "v6only.dane.example");
        body.put("primaryPreference", 10);
        body.put("relayHost", "relay.dane.example");
        body.put("relayPreference", 20);
        body.put("recipients", List.of("postmaster@dane.example"));
        return body;
    }

    @Test
    void daneAnswersValidateFromTheTrustAnchorGivenInTheRequest() {
        Map<String, Object> body = daneConfig();
        body.put("dnssecTrustAnchors",
                List.of(ConfigProvider.getConfig().getValue("mx20.test.dane-anchor", String.class)));
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200)
                .body("mode", equalTo("live"))
                .body("passed", hasItems("DANE_TLSA_INSECURE", "DANE_MX_INSECURE", "DANE_DNSSEC_BOGUS"))
                .body("findings.code", not(hasItem("DANE_TLSA_INSECURE")))
                .body("findings.code", not(hasItem("DANE_DNSSEC_BOGUS")))
                .body("findings.code", not(hasItem("DANE_DNSSEC_NOT_CHECKED")));
    }

    @Test
    void aTrustAnchorThatMatchesNoKeyMakesTheAnswersBogus() {
        Map<String, Object> body = daneConfig();
        body.put("dnssecTrustAnchors", List.of(
                "dane.example. IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"));
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200)
                .body("valid", is(false))
                .body("findings.findAll { it.code == 'DANE_DNSSEC_BOGUS' }.subject",
                        hasItems("dane.example", "v6only.dane.example", "relay.dane.example"));
    }

    @Test
    void offlineTlsaSaysDnssecWasNotChecked() {
        Map<String, Object> body = daneConfig();
        body.put("dnsRecords", List.of("@ IN MX 10 v6only", "@ IN MX 20 relay", "v6only IN AAAA 2001:db8::1",
                "relay IN A 192.0.2.1", "relay IN AAAA 2001:db8::20", "_25._tcp.v6only IN TLSA 3 1 1 00ff",
                "_25._tcp.relay IN TLSA 3 1 1 00ff"));
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200)
                .body("findings.findAll { it.code == 'DANE_DNSSEC_NOT_CHECKED' }.severity", hasItem("info"));
    }

    @Test
    void badTrustAnchorsAre400ProblemsNamingTheField() {
        Map<String, Object> body = daneConfig();
        body.put("dnssecTrustAnchors", List.of("dane.example. IN DS not a digest"));
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", equalTo("dnssecTrustAnchors[0]"));
        body.put("dnssecTrustAnchors", List.of("dane.example. IN A 192.0.2.1"));
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", containsString("dnssecTrustAnchors"));
        body.put("dnssecTrustAnchors", List.of(""));
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM);
        body.put("dnssecTrustAnchors", java.util.Collections.nCopies(11,
                "dane.example. IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"));
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", containsString("dnssecTrustAnchors"));
        body.put("dnssecTrustAnchors", "not a list");
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM);
        body.put("dnssecTrustAnchors", List.of(
                "dane.example. IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"));
        body.put("dnsRecords", PATTERN);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].message", containsString("live mode"));
    }

    @Test
    void malformedNamesInEveryNameFieldAreNamed() {
        for (String bad : List.of("bad..name", "-lead.example", "x".repeat(64) + ".example", "exa mple.com",
                "192.0.2.1", "a.b.c.".repeat(60) + "example", "ex\u00e4mple.com", "under_score.example", "")) {
            for (String field : List.of("primaryHost", "relayHost", "heloName")) {
                Map<String, Object> body = config();
                body.put("dnsRecords", PATTERN);
                body.put(field, bad);
                given().contentType("application/json").body(body).post("/relay/validate")
                        .then().statusCode(400).contentType(PROBLEM)
                        .body("violations.field", hasItem(field));
            }
            Map<String, Object> body = config();
            body.put("dnsRecords", PATTERN);
            body.put("domains", List.of(bad));
            given().contentType("application/json").body(body).post("/relay/validate")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("violations.field", hasItem("domains[0]"));
        }
    }

    @Test
    void numbersOutOfRangeAreNamed() {
        Map<String, Object> body = config();
        body.put("dnsRecords", PATTERN);
        body.put("relayPreference", -1);
        body.put("recipientCount", -5);
        body.put("queueLifetimeHours", 0);
        body.put("relaySizeLimit", 0);
        body.put("primarySizeLimit", -1);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItems("relayPreference", "recipientCount", "queueLifetimeHours",
                        "relaySizeLimit", "primarySizeLimit"));
        body = config();
        body.put("primaryPreference", 4_294_967_296L);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void nullsInsideListsAndMapsAre400NotA500() {
        List<String> withNull = new ArrayList<>(List.of("alice@example.com"));
        withNull.add(null);
        for (String field : List.of("recipients", "domains", "relayNetworks", "dkimSelectors", "dnsRecords")) {
            Map<String, Object> body = config();
            body.put(field, withNull);
            given().contentType("application/json").body(body).post("/relay/validate")
                    .then().statusCode(400).contentType(PROBLEM);
        }
        Map<String, Object> body = config();
        Map<String, Object> policies = new HashMap<>();
        policies.put("example.com", null);
        body.put("mtaStsPolicies", policies);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM);
        body.put("mtaStsPolicies", Map.of("not a domain", "version: STSv1"));
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void aWildcardHiddenInTenThousandRecipientsIsFound() {
        Map<String, Object> body = config();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            recipients.add(i == 7_777 ? "*@example.com" : "user" + i + "@example.com");
        }
        body.put("recipients", recipients);
        body.put("dnsRecords", PATTERN);
        given().contentType("application/json").body(body).post("/relay/validate")
                .then().statusCode(200)
                .body("valid", is(false))
                .body("findings.code", hasItem("RECIPIENTS_WILDCARD"));
    }
}
