package dev.mx20.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The requests README.md shows a newcomer, taken from README.md itself (so the README cannot drift from the API):
 * the classify example's file and the answer README describes, and the relay-validation JSON body.
 */
@QuarkusTest
class ReadmeExamplesTest {
    private static final Path README = Path.of("..", "README.md");

    private static String readme() throws IOException {
        assertTrue(Files.isRegularFile(README), "README.md beside the module: " + README.toAbsolutePath());
        return Files.readString(README, StandardCharsets.UTF_8);
    }

    @Test
    void theClassifyExampleAnswersWhatReadmeSays() throws IOException {
        Matcher m = Pattern.compile("--data-binary @examples/bounces/([\\w.-]+)\\.eml http://localhost:8080/dsn/classify\\s")
                .matcher(readme());
        assertTrue(m.find(), "README shows a classify example with a file of examples/bounces");
        given().contentType("message/rfc822").body(Fixtures.example(m.group(1))).post("/dsn/classify")
                .then().statusCode(200)
                .body("kind", equalTo("dsn"))
                .body("recipients[0].finalRecipient", equalTo("carol@example.org"))
                .body("recipients[0].status", equalTo("5.7.25"))
                .body("recipients[0].category", equalTo("requireptr"))
                .body("recipients[0].cause", equalTo("reverse-dns-missing-ipv6"))
                .body("recipients[0].ipv6", is(true))
                .body("recipients[0].explanation", notNullValue())
                .body("recipients[0].remedy", notNullValue());
    }

    @Test
    void theRelayValidationExampleIsAcceptedAndChecked() throws IOException {
        Matcher m = Pattern.compile("/relay/validate -d '(\\{.*?\\})'", Pattern.DOTALL).matcher(readme());
        assertTrue(m.find(), "README shows a relay validation request");
        given().contentType("application/json").body(m.group(1)).post("/relay/validate")
                .then().statusCode(200).contentType("application/json")
                .body("mode", equalTo("offline"))
                // the pattern README shows: two MX, the relay behind the primary, an IPv6-only primary as intended
                .body("passed", hasItems("MX_TOO_FEW", "MX_RELAY_PREFERENCE_NOT_HIGHER", "PRIMARY_HAS_IPV4"))
                .body("findings.code", hasItem("PRIMARY_IPV6_ONLY"));
    }
}
