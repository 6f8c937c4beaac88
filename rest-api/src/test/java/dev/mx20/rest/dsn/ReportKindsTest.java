package dev.mx20.rest.dsn;

import dev.mx20.rest.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every kind of the contract (dsn, bounce, delay, delivered, auto-reply, feedback-report, not-a-bounce) comes out of
 * the API, one message at a time under each accepted media type and all of them in one mailbox. The messages are
 * dsn-core's golden fixtures (read beside the module, as dsn-core's own tests read them) and this module's.
 */
@QuarkusTest
class ReportKindsTest {
    private static final Path DSN_CORE_FIXTURES = Path.of("..", "dsn-core", "src", "test", "resources", "fixtures");

    /** A message of each kind, in the order of the contract's enumeration. */
    static Map<String, byte[]> kinds() {
        Map<String, byte[]> kinds = new LinkedHashMap<>();
        kinds.put("dsn", Fixtures.example("rfc3464-user-unknown"));
        kinds.put("bounce", dsnCore("qmail/permanent.eml"));
        kinds.put("delay", dsnCore("rfc3464/delayed.eml"));
        kinds.put("delivered", dsnCore("rfc3464/delivered.eml"));
        kinds.put("auto-reply", Fixtures.bytes("fixtures/autoreply/vacation-rfc3834.eml"));
        kinds.put("feedback-report", dsnCore("arf/abuse-report.eml"));
        kinds.put("not-a-bounce", Fixtures.bytes("fixtures/plain/personal-message.eml"));
        return kinds;
    }

    private static byte[] dsnCore(String name) {
        try {
            return Files.readAllBytes(DSN_CORE_FIXTURES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyKindOfTheContractIsAnswered() {
        List<String> types = List.of("message/rfc822", "text/plain", "application/octet-stream");
        int i = 0;
        for (Map.Entry<String, byte[]> k : kinds().entrySet()) {
            String type = types.get(i++ % types.size());
            Response r = given().contentType(type).body(k.getValue()).post("/dsn/classify");
            assertEquals(200, r.statusCode(), k.getKey() + ": " + r.asString());
            assertEquals(k.getKey(), r.jsonPath().getString("kind"), k.getKey() + " as " + type + ": " + r.asString());
        }
    }

    @Test
    void everyKindComesOutOfOneMailboxInOrder() {
        Map<String, byte[]> kinds = kinds();
        String ndjson = given().contentType("application/mbox").accept("application/x-ndjson")
                .body(Fixtures.mbox(kinds.values().toArray(byte[][]::new))).post("/dsn/classify/batch")
                .then().statusCode(200).extract().asString();
        String[] lines = ndjson.strip().split("\n");
        assertEquals(kinds.size(), lines.length, ndjson);
        int i = 0;
        for (String kind : kinds.keySet()) {
            assertEquals(kind, Fixtures.json(lines[i]).path("report").path("kind").asText(), lines[i]);
            assertEquals(i + 1, Fixtures.json(lines[i]).path("index").asInt(), lines[i]);
            i++;
        }
        given().contentType("application/mbox").accept("application/json")
                .body(Fixtures.mbox(kinds.values().toArray(byte[][]::new))).post("/dsn/classify/batch")
                .then().statusCode(200)
                .body("messages", org.hamcrest.Matchers.equalTo(kinds.size()))
                .body("byKind.keySet()", org.hamcrest.Matchers.containsInAnyOrder(kinds.keySet().toArray()));
    }
}
