package dev.mx20.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Health, OpenAPI, Swagger UI and metrics: the operational endpoints. */
@QuarkusTest
class ServiceEndpointsTest {

    @Test
    void healthIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem("dsn-analyzer"));
    }

    @Test
    void openApiDocumentsEveryEndpointSchemaAndExample() {
        given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/dsn/classify'.post.requestBody.content.'message/rfc822'", notNullValue())
                .body("paths.'/dsn/classify'.post.requestBody.content.'text/plain'", notNullValue())
                .body("paths.'/dsn/classify'.post.requestBody.content.'application/octet-stream'", notNullValue())
                .body("paths.'/dsn/classify'.post.responses.'200'.content.'application/json'.examples", notNullValue())
                .body("paths.'/dsn/classify'.post.responses.'413'.content.'application/problem+json'", notNullValue())
                .body("paths.'/dsn/classify'.post.responses.'422'.content.'application/problem+json'", notNullValue())
                .body("paths.'/dsn/classify/batch'.post.requestBody.content.'application/mbox'.examples", notNullValue())
                .body("paths.'/dsn/classify/batch'.post.responses.'200'.content.'application/x-ndjson'", notNullValue())
                .body("paths.'/dsn/classify/batch'.post.parameters.find { it.name == 'top' }.schema.maximum",
                        equalTo(100))
                .body("components.schemas.Report.properties.kind.enum", org.hamcrest.Matchers.hasItem("auto-reply"))
                .body("components.schemas.Recipient.properties.permanence.enum",
                        org.hamcrest.Matchers.hasItem("permanent"))
                .body("components.schemas.Problem.properties.detail", notNullValue())
                .body("components.schemas.BatchSummary.properties.ipv6Share", notNullValue())
                .body("paths.'/q/health/live'", notNullValue())
                .body("paths.'/q/health/ready'", notNullValue());
    }

    @Test
    void theOperationalEndpointsAreReadOnly() {
        for (String path : java.util.List.of("/q/health/live", "/q/metrics", "/q/openapi")) {
            given().post(path).then().statusCode(405).contentType("application/problem+json")
                    .header("Allow", "GET, HEAD, OPTIONS")
                    .body("type", equalTo("about:blank"))
                    .body("status", equalTo(405))
                    .body("instance", equalTo(path));
        }
        given().head("/q/health/live").then().statusCode(200);
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void metricsCountClassifiedAndRefusedMessages() {
        given().contentType("text/plain").body("not a message".getBytes(StandardCharsets.US_ASCII))
                .post("/dsn/classify").then().statusCode(422);
        given().contentType("message/rfc822").body(Fixtures.example("rfc3464-user-unknown"))
                .post("/dsn/classify").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mx20_dsn_rejected_total{type=\"not-a-message\"}"))
                .body(containsString("mx20_dsn_messages_total{kind=\"dsn\"}"))
                .body(containsString("http_server_requests_seconds_count"));
    }

    /** Vert.x Web would answer these with an empty 406 (the Prometheus route declares its media types). */
    @Test
    void metricsRefusesAnAcceptItCannotSatisfyWithAProblem() {
        for (String accept : java.util.List.of("application/xml", "garbage", "application/json, text/html", "application/*",
                // Vert.x routes this one only with the route's exact parameters (version=1.0.0; charset=utf-8)
                "application/openmetrics-text")) {
            given().accept(accept).get("/q/metrics").then().statusCode(406).contentType("application/problem+json")
                    .body("status", equalTo(406))
                    .body("detail", containsString("text/plain"));
        }
        for (String accept : java.util.List.of("text/plain", "*/*", "text/*;q=0.5",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")) {
            given().accept(accept).get("/q/metrics").then().statusCode(200);
        }
    }

    @Test
    void problemBodiesAreNeverHtmlEvenForBrowsers() {
        given().accept("text/html").get("/nothing").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
