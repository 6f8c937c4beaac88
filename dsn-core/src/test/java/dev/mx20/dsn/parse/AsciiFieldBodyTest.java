package dev.mx20.dsn.parse;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MimeReader#asciiUnfolded} reads 7-bit field values straight from mime4j's buffer, unfolded; it must equal
 * {@link Headers#unfold} of what mime4j's own {@link RawField#getBody()} gives, for every folding and spacing a
 * header can have.
 */
class AsciiFieldBodyTest {

    @Test
    void sevenBitValuesEqualMimeFourJsBodyOnceUnfolded() throws Exception {
        String header = "Subject: Undelivered Mail\r\n"
                + "X-No-Space:value\r\n"
                + "X-Two-Spaces:  two\r\n"
                + "X-Tab:\tafter tab\r\n"
                + "X-Folded: first\r\n second\r\n\tthird \r\n"
                + "X-Empty:\r\n"
                + "X-Blank: \r\n"
                + "X-Bare-LF: one\n two\n"
                + "Content-Type: multipart/report; report-type=delivery-status;\r\n boundary=\"b\"\r\n"
                + "\r\nbody\r\n";
        int checked = 0;
        for (RawField f : fields(header.getBytes(StandardCharsets.US_ASCII))) {
            assertEquals(Headers.unfold(f.getBody()), MimeReader.asciiUnfolded(f, (ByteArrayBuffer) f.getRaw()),
                    f.getName());
            checked++;
        }
        assertEquals(9, checked);
    }

    @Test
    void eightBitValuesAreLeftToTheCharsetPath() throws Exception {
        byte[] header = "Subject: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        RawField f = fields(header)[0];
        assertNull(MimeReader.asciiUnfolded(f, (ByteArrayBuffer) f.getRaw()));
    }

    /** Random 7-bit headers made of the bytes that steer unfolding and trimming: the same value as mime4j's, unfolded. */
    @Test
    void randomSevenBitFieldsEqualMimeFourJsBodyOnceUnfolded() throws Exception {
        String[] pieces = {" ", "  ", "\t", "\r\n ", "\r\n\t", "\n ", "\r", "a", "Bc", ";", "=", "\"", "\u0001",
            "\u001f", "\u007f", "\u000b", "\u000c", "x y"};
        java.util.Random random = new java.util.Random(7);
        int checked = 0;
        for (int n = 0; n < 3000; n++) {
            StringBuilder h = new StringBuilder();
            int fields = 1 + random.nextInt(4);
            for (int k = 0; k < fields; k++) {
                h.append("X-F").append(k).append(':');
                int count = random.nextInt(8);
                for (int i = 0; i < count; i++) {
                    h.append(pieces[random.nextInt(pieces.length)]);
                }
                h.append("\r\n");
            }
            h.append("\r\nbody\r\n");
            for (RawField f : fields(h.toString().getBytes(StandardCharsets.US_ASCII))) {
                assertEquals(Headers.unfold(f.getBody()), MimeReader.asciiUnfolded(f, (ByteArrayBuffer) f.getRaw()),
                        h.toString());
                checked++;
            }
        }
        assertTrue(checked > 3000);
    }

    private static RawField[] fields(byte[] message) throws Exception {
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.PERMISSIVE, DecodeMonitor.SILENT, null);
        stream.parse(new ByteArrayInputStream(message));
        java.util.List<RawField> out = new java.util.ArrayList<>();
        for (EntityState s = stream.getState(); s != EntityState.T_END_OF_STREAM; s = stream.next()) {
            if (s == EntityState.T_FIELD) {
                assertTrue(stream.getField() instanceof RawField, "mime4j hands out RawField");
                assertTrue(stream.getField().getRaw() instanceof ByteArrayBuffer, "backed by a ByteArrayBuffer");
                out.add((RawField) stream.getField());
            }
        }
        return out.toArray(new RawField[0]);
    }
}
