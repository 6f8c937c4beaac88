package dev.mx20.rest.relay;

import dev.mx20.rest.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default service (mx20.relay.enabled unset): the queue endpoints exist and say how to enable the relay,
 * the readiness check reports "disabled", and malformed requests get problem+json.
 */
@QuarkusTest
class RelayQueueDisabledTest {

    @Test
    void listSaysHowToEnableTheRelay() {
        given().accept(ContentType.JSON).get("/relay/queue").then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("tag:mx20.dev,2025:problem/relay-not-hosted"))
                .body("title", equalTo("Relay not hosted"))
                .body("status", equalTo(409))
                .body("instance", equalTo("/relay/queue"))
                .body("detail", allOf(containsString("mx20.relay.enabled=true"),
                        containsString("mx20.relay.config-file=")));
    }

    @Test
    void flushSaysHowToEnableTheRelay() {
        given().post("/relay/queue/flush").then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("tag:mx20.dev,2025:problem/relay-not-hosted"))
                .body("detail", containsString("mx20.relay.enabled=true"));
        // A body (even garbage of any type) changes nothing: flush takes none.
        given().contentType("application/octet-stream").body(new byte[] {0, (byte) 0xff, '{'})
                .post("/relay/queue/flush").then().statusCode(409)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void messageOperationsSayHowToEnableTheRelay() {
        given().post("/relay/queue/0123456789ABCDEF/hold").then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("tag:mx20.dev,2025:problem/relay-not-hosted"));
        given().post("/relay/queue/0123456789ABCDEF/release").then().statusCode(409)
                .contentType(startsWith("application/problem+json"));
        given().delete("/relay/queue/0123456789ABCDEF").then().statusCode(409)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void readinessReportsDisabled() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'mx20-relay' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'mx20-relay' }.data.state", equalTo("disabled"));
    }

    @Test
    void malformedRequestsGetProblemJson() throws IOException {
        given().put("/relay/queue").then().statusCode(405)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(405));
        given().get("/relay/queue/flush").then().statusCode(405)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(405));
        given().delete("/relay/queue/flush").then().statusCode(405)
                .contentType(startsWith("application/problem+json"));
        given().accept("text/html").get("/relay/queue").then().statusCode(406)
                .contentType(startsWith("application/problem+json"));
        given().get("/relay/queue/no-such-id").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        // A broken percent-escape cannot even be sent by REST Assured: raw bytes.
        String answer = RawHttp.sendAndStall(RestAssured.port,
                "GET /relay/queue/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0], 5000);
        assertTrue(answer != null && answer.matches("(?s)HTTP/1\\.1 4\\d\\d .*"), answer);
    }

    @Test
    void openApiDocumentsTheQueueEndpoints() {
        given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/relay/queue'.get.responses.'200'.content.'application/json'.schema.type",
                        equalTo("array"))
                .body("paths.'/relay/queue'.get.responses.'409'.content.'application/problem+json'", notNullValue())
                .body("paths.'/relay/queue/flush'.post.responses.'200'.content.'application/json'", notNullValue())
                .body("paths.'/relay/queue/flush'.post.responses.'409'.content.'application/problem+json'",
                        notNullValue())
                .body("components.schemas.QueuedMessage.properties.nextAttempt", notNullValue())
                .body("components.schemas.QueueLastError.properties.diagnostic", notNullValue())
                .body("components.schemas.FlushResult.properties.rescheduled", notNullValue())
                .body("tags.name", hasItem("Hosted relay"));
    }
}
