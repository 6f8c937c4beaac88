package dev.mx20.dsn.parse;

import org.apache.james.mime4j.stream.DefaultFieldBuilder;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fields {@link LeanFieldBuilder} leaves unbuilt are exactly those {@link MimeReader} would drop: a name the
 * builder reads from the bytes ({@link LeanFieldBuilder#plainNameEnd}) is the name mime4j gives the field, and
 * {@link MimeReader#wantedName} on those bytes agrees with {@link MimeReader#wantedField} on that name, and
 * {@link MimeReader#unwantedPlainField} drops exactly the plain fields whose name is not wanted.
 */
class WantedFieldNameTest {
    private static final String[] NAME_PIECES = {
        "Received", "received", "RECEIVED", "DKIM-Signature", "dkim-signature", "ARC-", "arc-", "Arc-Seal", "ARC",
        "Authentication-Results", "X-Received", "X-Google-DKIM-Signature", "X-Gm-Message-State", "X-Google-Smtp-Source",
        "Message-ID", "Message-Id", "From", "TO", "To", "Subject", "DATE", "X-HmXmrOriginalRecipient", "Content-",
        "content-type", "Content", "-", "x", "X-", "R", "e", "a", "Z", "0", "_", "~", "!", "/", "Ş", "K", "ſ",
    };
    private static final String[] LINE_PIECES = {
        ":", " :", "\t:", " ", "\t", "(c)", "(", ")", "\u00e9", "\u0001", "\u007f", "\r\n ", "x", ";", "\"",
    };

    @Test
    void byteNamesAreWantedAsStringNames() {
        Random random = new Random(5322L);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder name = new StringBuilder();
            int pieces = 1 + random.nextInt(3);
            for (int i = 0; i < pieces; i++) {
                name.append(NAME_PIECES[random.nextInt(NAME_PIECES.length)]);
            }
            String s = name.toString();
            if (!s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != ':' && c != '(')) {
                continue; // the builder asks only for printable ASCII names
            }
            byte[] b = ("  " + s + " ").getBytes(StandardCharsets.ISO_8859_1);
            for (int keep = 0; keep <= 2; keep++) {
                assertEquals(MimeReader.wantedField(s, keep), MimeReader.wantedName(b, 2, 2 + s.length(), keep),
                        s + " keep " + keep);
            }
        }
        for (int keep = 0; keep <= 2; keep++) {
            assertTrue(MimeReader.wantedName(new byte[0], 0, 0, keep), "an empty name is left to mime4j");
        }
    }

    @Test
    void plainNamesAreMime4jsNames() throws Exception {
        Random random = new Random(3464L);
        int plain = 0;
        for (int n = 0; n < 100_000; n++) {
            StringBuilder line = new StringBuilder();
            int pieces = 1 + random.nextInt(5);
            for (int i = 0; i < pieces; i++) {
                line.append(random.nextBoolean() ? NAME_PIECES[random.nextInt(NAME_PIECES.length)]
                        : LINE_PIECES[random.nextInt(LINE_PIECES.length)]);
            }
            line.append(random.nextBoolean() ? " value\r\n" : "\r\n");
            byte[] b = line.toString().getBytes(StandardCharsets.ISO_8859_1);
            int end = LeanFieldBuilder.plainNameEnd(b, b.length - 2);
            for (int keep = 0; keep <= 2; keep++) {
                boolean dropped = end > 0
                        && !MimeReader.wantedField(new String(b, 0, end, StandardCharsets.ISO_8859_1), keep);
                assertEquals(dropped, MimeReader.unwantedPlainField(b, b.length - 2, keep), line + " keep " + keep);
            }
            if (end == 0) {
                continue;
            }
            plain++;
            DefaultFieldBuilder mime4j = new DefaultFieldBuilder(10_000);
            mime4j.append(new ByteArrayBuffer(b, b.length, true));
            RawField field = mime4j.build(); // must not throw: the shape is a valid field
            assertEquals(new String(b, 0, end, StandardCharsets.ISO_8859_1), field.getName(), line.toString());
        }
        assertTrue(plain > 5_000, "plain lines must be exercised: " + plain);
    }
}
