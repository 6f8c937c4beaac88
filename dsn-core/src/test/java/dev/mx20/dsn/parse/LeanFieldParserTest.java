package dev.mx20.dsn.parse;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LeanFieldParser} and {@link LeanFieldBuilder} give mime4j's results: tokens, cursor positions, fields,
 * Content-Type bodies and whole token-stream walks are compared with {@link RawFieldParser#DEFAULT} and mime4j's
 * default field builder on random input built from the bytes that steer mime4j's loops (whitespace, comments,
 * quotes, delimiters, control and 8-bit bytes, UTF-8).
 */
class LeanFieldParserTest {
    private static final BitSet COLON = RawFieldParser.INIT_BITSET(':');
    private static final BitSet SEMICOLON = RawFieldParser.INIT_BITSET(';');
    private static final BitSet EQUAL_OR_SEMICOLON = RawFieldParser.INIT_BITSET('=', ';');
    private static final BitSet SPACE = RawFieldParser.INIT_BITSET(' ', ';');
    private static final BitSet CONTROL = RawFieldParser.INIT_BITSET(1, ':');
    private static final BitSet[] DELIMITERS = {COLON, SEMICOLON, EQUAL_OR_SEMICOLON, SPACE, CONTROL, new BitSet(), null};

    private static final String[] PIECES = {
        "Received", "Content-Type", "X-Mailer", "a", "B", "7", "-", "_", ".", "/", ":", ";", "=", " ", "  ", "\t",
        "\r\n", "\r\n\t", "\n", "\r", "(", ")", "(c)", "\"", "\\", "\u007f", "\u0000", "\u0001", "\u00e9", "\u00ff",
        "\u00c3\u00a9", "\u00e2\u0082\u00ac", "text/plain", "charset=utf-8", "boundary=\"x y\"", "~", "!", "[", "]",
    };

    /** {@link #PIECES} and what steers mime4j's value copies: quotes around plain text, RFC 2047 words, escapes. */
    private static final String[] VALUE_PIECES = java.util.stream.Stream.concat(java.util.Arrays.stream(PIECES),
            java.util.stream.Stream.of("\"abc\"", "\"a b\"", "\"\"", "=?", "?=", "\"=?utf-8?q?a=20b?=\"",
                    "=?iso-8859-1?b?6Q==?=", "\"=\"", "\"a\\\"b\"", "utf-8", "\"x\ty\"", "\"\u00e9\"", "\"a\r\n b\""))
            .toArray(String[]::new);

    /** A line that is not a field: mime4j's exception type and message, without a stack trace (flow control). */
    @Test
    void aMalformedFieldNameThrowsWithoutStackTrace() throws Exception {
        LeanFieldBuilder builder = new LeanFieldBuilder(1000);
        byte[] line = "Bad Name: value\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayBuffer buf = new ByteArrayBuffer(line.length);
        buf.append(line, 0, line.length);
        builder.append(buf);
        org.apache.james.mime4j.MimeException e =
                org.junit.jupiter.api.Assertions.assertThrows(org.apache.james.mime4j.MimeException.class, builder::build);
        assertEquals("MIME field name contains illegal characters: Bad Name", e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }

    /**
     * The builder accepts, and refuses with the same message, what mime4j's own field builder does: random lines,
     * most with a colon somewhere, many without (a body line read as a header); a refusal of a line without a colon
     * carries no stack trace.
     */
    @Test
    void buildsAndRefusesAsMime4jsFieldBuilder() throws Exception {
        Random random = new Random(5321L);
        int refusedWithoutColon = 0;
        for (int n = 0; n < 30_000; n++) {
            byte[] line = (new String(randomBytes(random, 1 + random.nextInt(12)), StandardCharsets.ISO_8859_1)
                    + (random.nextBoolean() ? "\r\n" : "\n")).getBytes(StandardCharsets.ISO_8859_1);
            ByteArrayBuffer buf = new ByteArrayBuffer(line.length);
            buf.append(line, 0, line.length);
            org.apache.james.mime4j.stream.DefaultFieldBuilder mime4j = new org.apache.james.mime4j.stream.DefaultFieldBuilder(1000);
            LeanFieldBuilder lean = new LeanFieldBuilder(1000);
            mime4j.append(buf);
            lean.append(buf);
            String expected;
            String actual;
            try {
                expected = describe(mime4j.build(), RawFieldParser.DEFAULT);
            } catch (org.apache.james.mime4j.MimeException e) {
                expected = "refused: " + e.getMessage();
            }
            try {
                actual = describe(lean.build(), LeanFieldParser.INSTANCE);
            } catch (org.apache.james.mime4j.MimeException e) {
                actual = "refused: " + e.getMessage();
                if (new String(line, StandardCharsets.ISO_8859_1).indexOf(':') < 0) {
                    assertEquals(0, e.getStackTrace().length, "flow control needs no stack trace");
                    refusedWithoutColon++;
                }
            }
            assertEquals(expected, actual, new String(line, StandardCharsets.ISO_8859_1));
        }
        assertTrue(refusedWithoutColon > 1_000, "lines without a colon must be exercised: " + refusedWithoutColon);
    }

    @Test
    void tokensAndCursorsAsMime4j() {
        Random random = new Random(20261122L);
        for (int n = 0; n < 60_000; n++) {
            byte[] bytes = randomBytes(random, 1 + random.nextInt(24));
            ByteArrayBuffer buf = new ByteArrayBuffer(bytes, bytes.length, true);
            int from = random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            BitSet delimiters = DELIMITERS[random.nextInt(DELIMITERS.length)];
            ParserCursor expectedCursor = new ParserCursor(from, to);
            ParserCursor actualCursor = new ParserCursor(from, to);
            String expected = RawFieldParser.DEFAULT.parseToken(buf, expectedCursor, delimiters);
            String actual = LeanFieldParser.INSTANCE.parseToken(buf, actualCursor, delimiters);
            String input = new String(bytes, StandardCharsets.ISO_8859_1) + " [" + from + "," + to + ") " + delimiters;
            assertEquals(expected, actual, input);
            assertEquals(expectedCursor.getPos(), actualCursor.getPos(), input);
        }
    }

    /** Parameter values (quoted, unquoted, RFC 2047 words, escapes, comments, folding) as mime4j's parseValue. */
    @Test
    void valuesAndCursorsAsMime4j() {
        Random random = new Random(2045L);
        int quotedFast = 0;
        for (int n = 0; n < 100_000; n++) {
            byte[] bytes = randomBytes(random, 1 + random.nextInt(12), VALUE_PIECES);
            ByteArrayBuffer buf = new ByteArrayBuffer(bytes, bytes.length, true);
            int from = random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            BitSet delimiters = DELIMITERS[random.nextInt(DELIMITERS.length)];
            ParserCursor expectedCursor = new ParserCursor(from, to);
            ParserCursor actualCursor = new ParserCursor(from, to);
            String expected = RawFieldParser.DEFAULT.parseValue(buf, expectedCursor, delimiters);
            String actual = LeanFieldParser.INSTANCE.parseValue(buf, actualCursor, delimiters);
            String input = new String(bytes, StandardCharsets.ISO_8859_1) + " [" + from + "," + to + ") " + delimiters;
            assertEquals(expected, actual, input);
            assertEquals(expectedCursor.getPos(), actualCursor.getPos(), input);
            if (from < to && bytes[from] == '"' && expected.length() > 1) {
                quotedFast++;
            }
        }
        assertTrue(quotedFast > 1_000, "quoted values must be exercised: " + quotedFast);
    }

    @Test
    void fieldsAndContentTypesAsMime4j() {
        Random random = new Random(3464L);
        for (int n = 0; n < 30_000; n++) {
            byte[] bytes = randomBytes(random, 1 + random.nextInt(30));
            ByteArrayBuffer buf = new ByteArrayBuffer(bytes, bytes.length, true);
            String input = new String(bytes, StandardCharsets.ISO_8859_1);
            String expected;
            String actual;
            try {
                expected = describe(RawFieldParser.DEFAULT.parseField(buf), RawFieldParser.DEFAULT);
            } catch (Exception e) {
                expected = e.toString();
            }
            try {
                actual = describe(LeanFieldParser.INSTANCE.parseField(buf), LeanFieldParser.INSTANCE);
            } catch (Exception e) {
                actual = e.toString();
            }
            assertEquals(expected, actual, input);
        }
    }

    @Test
    void tokenStreamWalksAsWithMime4jsFieldBuilder() throws Exception {
        MimeConfig config = new MimeConfig.Builder().setStrictParsing(false).setMalformedHeaderStartsBody(true)
                .setMaxHeaderLen(200).build();
        Random random = new Random(5322L);
        int fieldsSeen = 0;
        for (int n = 0; n < 2_000; n++) {
            StringBuilder m = new StringBuilder();
            int fields = random.nextInt(6);
            for (int f = 0; f < fields; f++) {
                m.append(random.nextInt(4) == 0 ? new String(randomBytes(random, 1 + random.nextInt(6)),
                        StandardCharsets.ISO_8859_1) : PIECES[random.nextInt(3)]);
                m.append(random.nextInt(5) == 0 ? " :" : ":");
                m.append(new String(randomBytes(random, random.nextInt(12)), StandardCharsets.ISO_8859_1));
                m.append(random.nextBoolean() ? "\r\n" : "\n");
            }
            m.append(random.nextBoolean() ? "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                    + "X-Part (c): 1\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n" : "\r\nbody\r\n");
            byte[] message = m.toString().getBytes(StandardCharsets.ISO_8859_1);
            List<String> expected = walk(config, message, false);
            List<String> actual = walk(config, message, true);
            assertEquals(expected, actual, m.toString());
            fieldsSeen += (int) expected.stream().filter(e -> e.startsWith("T_FIELD")).count();
        }
        assertTrue(fieldsSeen > 4_000, "random headers must mostly parse: " + fieldsSeen);
    }

    private static String describe(RawField field, RawFieldParser parser) {
        StringBuilder b = new StringBuilder(field.getName()).append('|').append(field.getDelimiterIdx()).append('|')
                .append(field.getBody());
        RawBody body = parser.parseRawBody(field);
        b.append('|').append(body.getValue());
        for (NameValuePair p : body.getParams()) {
            b.append('|').append(p.getName()).append('=').append(p.getValue());
        }
        return b.toString();
    }

    private static List<String> walk(MimeConfig config, byte[] message, boolean lean) throws Exception {
        MimeTokenStream stream = new MimeTokenStream(config, DecodeMonitor.SILENT,
                lean ? new LeanFieldBuilder(config.getMaxHeaderLen()) : null, null);
        stream.parse(new ByteArrayInputStream(message));
        List<String> events = new ArrayList<>();
        try {
            for (EntityState s = stream.getState(); s != EntityState.T_END_OF_STREAM; s = stream.next()) {
                if (s == EntityState.T_FIELD) {
                    RawField f = (RawField) stream.getField();
                    events.add("T_FIELD " + f.getName() + "|" + f.getDelimiterIdx() + "|" + f.getBody() + "|"
                            + new String(f.getRaw().toByteArray(), StandardCharsets.ISO_8859_1));
                } else if (s == EntityState.T_BODY) {
                    events.add("T_BODY " + stream.getBodyDescriptor().getMimeType() + "|"
                            + new String(stream.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
                } else {
                    events.add(s.name());
                }
            }
        } catch (Exception e) {
            events.add(e.toString()); // limits and malformations must end the walk the same way
        }
        return events;
    }

    private static byte[] randomBytes(Random random, int pieces) {
        return randomBytes(random, pieces, PIECES);
    }

    private static byte[] randomBytes(Random random, int pieces, String[] from) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            b.append(from[random.nextInt(from.length)]);
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
