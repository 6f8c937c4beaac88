package dev.mx20.rest.dsn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageShapeTest {

    @ParameterizedTest
    @ValueSource(strings = {"Subject: x", "Subject: x\n\nbody", "Received: from a\r\n\tby b\r\n\r\n",
            "X-Odd-Name-0123!#$%&'*+-/=?^_`{|}~: value", "Subject : obsolete space before colon (RFC 5322 4.5)\n",
            "From MAILER-DAEMON Fri Nov 14 13:48:03 2025\nSubject: saved from an mbox\n",
            "Subject: non-ASCII is fine (RFC 6532) \u00e9\u00e8\n"})
    void acceptsWhatHasTheShapeOfAMessage(String message) {
        assertNull(MessageShape.whyNotAMessage(message.getBytes(StandardCharsets.UTF_8)), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\r\n\r\n", "hello", "no colon here\n", ":x", "\nSubject: late\n",
            " Subject: folded first line\n", "Sub ject: space in name\n", "From x", "From x\n\nbody",
            "Subject: ok\nX: a\u0000b\n"})
    void refusesWhatCannotBeAMessage(String message) {
        assertNotNull(MessageShape.whyNotAMessage(message.getBytes(StandardCharsets.ISO_8859_1)), message);
    }

    @Test
    void aNulInTheBodyIsTheParsersBusinessNotARefusal() {
        assertNull(MessageShape.whyNotAMessage("Subject: x\n\nbinary\u0000body".getBytes(StandardCharsets.ISO_8859_1)));
        assertNull(MessageShape.whyNotAMessage("Subject: x\r\n\r\nbinary\u0000body".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(5322);
        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            if (MessageShape.whyNotAMessage(b) != null) {
                refused++;
            }
        }
        assertTrue(refused > 9_000, "random bytes should almost never look like a message: " + refused);
    }

    @Test
    void stripsOnlyALeadingFromLine() {
        byte[] plain = "Subject: x\n\nFrom here\n".getBytes(StandardCharsets.US_ASCII);
        org.junit.jupiter.api.Assertions.assertSame(plain, MessageShape.withoutMboxFromLine(plain));
        org.junit.jupiter.api.Assertions.assertArrayEquals(plain, MessageShape.withoutMboxFromLine(
                ("From MAILER-DAEMON Fri Nov 14 13:48:03 2025\r\n" + "Subject: x\n\nFrom here\n")
                        .getBytes(StandardCharsets.US_ASCII)));
        org.junit.jupiter.api.Assertions.assertEquals(0, MessageShape.withoutMboxFromLine(
                "From x".getBytes(StandardCharsets.US_ASCII)).length);
    }
}
