package dev.mx20.rest.problem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/** The mappers themselves, through {@link ProbeResource}: JSON errors, body validation, the catch-all. */
@QuarkusTest
class ProblemMappersTest {
    static final String PROBLEM = "application/problem+json";

    @Test
    void malformedJsonIs400() {
        given().contentType("application/json").body("{\"name\": \"x\", ").post("/test-probe/json")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("tag:mx20.dev,2025:problem/malformed-json"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/test-probe/json"));
    }

    @Test
    void jsonOfTheWrongShapeIs400() {
        given().contentType("application/json").body("{\"name\": \"x\", \"count\": \"many\"}").post("/test-probe/json")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("tag:mx20.dev,2025:problem/malformed-json"))
                .body("detail", containsString("count"));
    }

    @Test
    void aBodyBreakingItsConstraintsIs400WithEveryViolation() {
        given().contentType("application/json").body("{\"name\": \" \", \"count\": -1}").post("/test-probe/json")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("tag:mx20.dev,2025:problem/invalid-parameter"))
                .body("violations.field", hasItems("name", "count"));
    }

    @Test
    void aValidBodyPasses() {
        given().contentType("application/json").body("{\"name\": \"x\", \"count\": 2}").post("/test-probe/json")
                .then().statusCode(200).body("count", equalTo(2));
    }

    @Test
    void aBugIsA500ProblemThatLeaksNothing() {
        given().get("/test-probe/bug").then().statusCode(500).contentType(PROBLEM)
                .body("type", equalTo("about:blank"))
                .body("status", equalTo(500))
                .body("detail", not(containsString("deliberate")))
                .body(not(containsString("IllegalStateException")));
    }
}
