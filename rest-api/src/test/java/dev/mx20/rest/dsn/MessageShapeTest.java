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

    @Test
    void findsTheFirstNulBeforeTheEndOfTheHeaderSectionAsAByteByByteScanWould() {
        // The scan looks at eight bytes at a time: compare it with the obvious loop on messages made of the bytes
        // that matter (NUL, CR, LF) and others, at every alignment and length around the word size.
        Random random = new Random(3464);
        byte[] alphabet = {0, '\r', '\n', 'a', ':', (byte) 0x80, (byte) 0xff, 1, 0x0b};
        for (int round = 0; round < 20_000; round++) {
            byte[] m = new byte[random.nextInt(40)];
            for (int k = 0; k < m.length; k++) {
                m[k] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('A' + k % 26);
            }
            int from = m.length == 0 ? 0 : random.nextInt(m.length);
            org.junit.jupiter.api.Assertions.assertEquals(naiveNul(m, from), MessageShape.nulInHeaderSection(m, from),
                    () -> java.util.Arrays.toString(m) + " from " + from);
        }
    }

    private static int naiveNul(byte[] m, int from) {
        int end = m.length;
        for (int i = from; i < m.length; i++) {
            if (m[i] == '\n' && (i + 1 < m.length && m[i + 1] == '\n'
                    || i + 2 < m.length && m[i + 1] == '\r' && m[i + 2] == '\n')) {
                end = i;
                break;
            }
        }
        for (int i = from; i < end; i++) {
            if (m[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
