package dev.mx20.rest.dsn;

import dev.mx20.rest.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mx20.rest.dsn.DsnClassifyResourceTest.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which requests {@link ClassifyRoute} answers on the event loop, and that it leaves every other one, before
 * reading its body, to {@link DsnResource}, whose answers (and error paths) are tested in
 * {@link DsnClassifyResourceTest}.
 */
@QuarkusTest
class ClassifyRouteTest {
    @Inject
    ClassifyRoute route;

    private final byte[] bounce = Fixtures.example("rfc3464-user-unknown");

    @Test
    void answersThePlainRequestsItself() {
        for (String type : new String[]{"message/rfc822", "text/plain", "application/octet-stream",
                "Message/RFC822", "text/plain; charset=UTF-8", "text/plain;charset=\"us-ascii\""}) {
            assertServedHere(true, () -> given().contentType(type).body(bounce).post("/dsn/classify")
                    .then().statusCode(200).contentType("application/json"), type);
        }
        assertServedHere(true, () -> given().contentType("message/rfc822").accept("application/json").body(bounce)
                .post("/dsn/classify").then().statusCode(200), "Accept: application/json");
        assertServedHere(true, () -> assertProblem(given().contentType("message/rfc822").body(new byte[0])
                .post("/dsn/classify"), 422, "tag:mx20.dev,2025:problem/not-a-message"), "empty body");
    }

    @Test
    void leavesEverythingElseToTheResource() throws Exception {
        assertServedHere(false, () -> assertProblem(spec("application/json").post("/dsn/classify"), 415, "about:blank"),
                "other Content-Type");
        assertServedHere(false, () -> spec("message/rfc822; boundary=x").post("/dsn/classify").then().statusCode(200),
                "a parameter the route does not interpret");
        assertServedHere(false, () -> assertProblem(spec("message/rfc822").accept("text/html").post("/dsn/classify"),
                406, "about:blank"), "Accept without JSON");
        assertServedHere(false, () -> spec("message/rfc822").accept("application/json;q=0.9, */*;q=0.1")
                .post("/dsn/classify").then().statusCode(200), "an Accept the route does not parse");
        assertServedHere(false, () -> spec("message/rfc822").header("Expect", "100-continue")
                .post("/dsn/classify").then().statusCode(200), "Expect: 100-continue");
        assertServedHere(false, () -> given().contentType("message/rfc822").body(bounce).post("/dsn/classify/")
                .then().statusCode(lessThan(500)), "another path");
        byte[] large = DsnClassifyResourceTest.concat(bounce, ("\n" + "x".repeat(100) + "\n").repeat(700)
                .getBytes(StandardCharsets.US_ASCII));
        assertServedHere(false, () -> given().contentType("message/rfc822").body(large).post("/dsn/classify")
                .then().statusCode(200), "a body over mx20.dsn.event-loop-max-size");
        long before = route.served();
        HttpResponse<byte[]> chunked = DsnClassifyResourceTest.send(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bounce)));
        assertEquals(200, chunked.statusCode());
        assertEquals(before, route.served(), "a chunked body");
    }

    /**
     * A body that arrives in pieces, with pauses (0.6 s in all, well within the read time-out of 2 s in tests): the route reads it
     * (the time-out timer is set only for such a body, by the event loop's next task) and answers it as the
     * resource answers the whole body; once answered, the timer is cancelled: the same connection still serves a
     * second request after the time-out has passed.
     */
    @Test
    void aBodyArrivingInPiecesIsReadHereAndItsTimerCancelled() throws Exception {
        String expected = given().contentType("message/rfc822").header("Expect", "100-continue").body(bounce)
                .post("/dsn/classify").then().statusCode(200).extract().asString(); // the resource's answer
        String head = "POST /dsn/classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: message/rfc822\r\n"
                + "Content-Length: " + bounce.length + "\r\n\r\n";
        long before = route.served();
        try (Socket s = new Socket("127.0.0.1", RestAssured.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int third = bounce.length / 3;
            for (int[] piece : new int[][]{{0, third}, {third, 2 * third}, {2 * third, bounce.length}}) {
                Thread.sleep(200);
                out.write(bounce, piece[0], piece[1] - piece[0]);
                out.flush();
            }
            assertEquals(expected, readAnswer(s.getInputStream()));
            Thread.sleep(2_500); // past the read time-out of the first request
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bounce);
            out.flush();
            assertEquals(expected, readAnswer(s.getInputStream()));
        }
        assertEquals(before + 2, route.served());
    }

    /** The body of one HTTP/1.1 answer with a Content-Length, after checking it is a 200. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertNotEquals(-1, b, "connection closed after: " + head);
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        assertTrue(headers.startsWith("HTTP/1.1 200"), headers);
        Matcher length = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(headers);
        assertTrue(length.find(), headers);
        return new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
    }

    private RequestSpecification spec(String contentType) {
        return given().contentType(contentType).body(bounce);
    }

    private void assertServedHere(boolean expected, Supplier<?> request, String what) {
        long before = route.served();
        request.get();
        assertEquals(expected ? before + 1 : before, route.served(), what);
    }
}
