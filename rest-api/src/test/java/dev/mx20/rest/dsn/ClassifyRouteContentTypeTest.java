package dev.mx20.rest.dsn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ClassifyRoute#isPlainContentType} is the event loop's hand-written form of a regular expression plus a
 * case-insensitive comparison; it decides which requests the route takes. Checked here against that expression
 * (what the route used before) on the cases that matter and on random strings made of the characters that matter.
 */
class ClassifyRouteContentTypeTest {
    private static final Pattern PLAIN_CONTENT_TYPE =
            Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;\\s*charset=\"?[A-Za-z0-9!#$&^_.+-]+\"?)?");
    private static final Set<String> MEDIA_TYPES = Set.of("message/rfc822", "text/plain", "application/octet-stream");

    private static boolean reference(String type) {
        if (type == null || !PLAIN_CONTENT_TYPE.matcher(type).matches()) {
            return false;
        }
        int semicolon = type.indexOf(';');
        return MEDIA_TYPES.contains((semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"message/rfc822", "Message/RFC822", "text/plain", "TEXT/PLAIN; charset=UTF-8",
            "text/plain;charset=\"us-ascii\"", "application/octet-stream", "text/plain \t;\r\n charset=x",
            "text/plain;charset=\"utf-8", "text/plain;charset=utf-8\""})
    void takesThePlainTypes(String type) {
        assertTrue(ClassifyRoute.isPlainContentType(type), type);
        assertTrue(reference(type), type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text", "text/", "/plain", "text/plain;", "text/plain; charset=", "text/html",
            "text/plain; format=flowed", "text/plain; Charset=utf-8", "text/plain; charset=utf-8; format=flowed",
            "text/plain ", " text/plain", "text/plain; charset=\"\"", "text/plain; charset=a b",
            "multipart/mixed; boundary=x", "message/rfc822x", "message/rfc82", "text/plain; charset=\"utf-8\"\"",
            "te\u00e9xt/plain", "text/plain; charset=\u00e9"})
    void leavesTheRestToTheResource(String type) {
        assertFalse(ClassifyRoute.isPlainContentType(type), type);
        assertFalse(reference(type), type);
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomStrings() {
        String[] pieces = {"text", "plain", "message", "rfc822", "RFC822", "application", "octet-stream", "/", ";",
                " ", "\t", "\r", "\n", "\u000b", "\f", "charset=", "Charset=", "\"", "utf-8", "x", "+", "!", "=", ",",
                "\u00e9", "(", ":", "text/plain", "message/rfc822", "application/octet-stream"};
        Random random = new Random(2046);
        int accepted = 0;
        for (int round = 0; round < 200_000; round++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(7);
            if (random.nextBoolean()) {
                b.append(pieces[27 + random.nextInt(3)]);
            }
            for (int k = 0; k < n; k++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String type = b.toString();
            boolean expected = reference(type);
            assertEquals(expected, ClassifyRoute.isPlainContentType(type), type);
            accepted += expected ? 1 : 0;
        }
        assertTrue(accepted > 1_000, "the random strings must include accepted ones: " + accepted);
    }
}
