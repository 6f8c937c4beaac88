package dev.mx20.rest.dsn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.mx20.rest.dsn.json.BatchEntryJson;
import dev.mx20.rest.problem.Problem;
import dev.mx20.rest.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NdjsonWriterTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectWriter writer = NdjsonWriter.writerFor(mapper, BatchEntryJson.class);

    /** An output stream that counts flushes, to see which of them reach the network. */
    private static final class CountingOut extends ByteArrayOutputStream {
        int flushes;

        @Override
        public void flush() {
            flushes++;
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesOneObjectPerLineWithNothingBetweenThem() throws IOException {
        CountingOut out = new CountingOut();
        try (NdjsonWriter w = new NdjsonWriter(writer, out)) {
            for (int i = 1; i <= 3; i++) {
                w.write(entry(i));
            }
        }
        String[] lines = out.text().split("\n", -1);
        assertEquals(4, lines.length, out.text()); // three lines, each LF-terminated
        assertEquals("", lines[3]);
        for (int i = 0; i < 3; i++) {
            // Jackson's default root value separator would put a space before the second and third line.
            assertTrue(lines[i].startsWith("{\"index\":" + (i + 1) + ","), lines[i]);
            assertEquals(i + 1, mapper.readTree(lines[i]).get("index").asInt());
        }
    }

    @Test
    void holdsLinesUntilFlushedAndSkipsEmptyFlushes() throws IOException {
        CountingOut out = new CountingOut();
        NdjsonWriter w = new NdjsonWriter(writer, out);
        w.write(entry(1));
        assertEquals(0, out.size(), "a small line stays in the generator's buffer");
        assertEquals(0, out.flushes);
        w.flush();
        assertTrue(out.text().endsWith("}\n"), out.text());
        assertEquals(1, out.flushes);
        w.flush();
        w.flush();
        assertEquals(1, out.flushes, "nothing written since the last flush: no network write");
        w.write(entry(2));
        w.close();
        assertEquals(2, out.text().lines().count());
        assertEquals(2, out.flushes, "close() flushes the rest");
    }

    @Test
    void closingLeavesTheResponseStreamOpen() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new NdjsonWriter(writer, out).close();
        assertFalse(closed[0]);
    }

    @Test
    void aLineWrittenStraightIsTheSameAsASerialisedOne() throws IOException {
        // The request thread writes entries straight into the answer, the analysis threads serialise them first:
        // both must give the same bytes, and lines of both kinds must stay in the order they were written.
        CountingOut straight = new CountingOut();
        CountingOut serialised = new CountingOut();
        CountingOut mixed = new CountingOut();
        try (NdjsonWriter a = new NdjsonWriter(writer, straight);
             NdjsonWriter b = new NdjsonWriter(writer, serialised);
             NdjsonWriter c = new NdjsonWriter(writer, mixed)) {
            for (int i = 1; i <= 200; i++) {
                BatchEntryJson e = entry(i, "d\u00e9tail \"quoted\" \u2603 \ud83d\ude00 " + "x".repeat(i * 37));
                a.write(e);
                b.writeLine(b.serialise(e));
                if (i % 3 == 0) {
                    c.writeLine(c.serialise(e));
                } else {
                    c.write(e);
                }
            }
        }
        assertEquals(serialised.text(), straight.text());
        assertEquals(serialised.text(), mixed.text());
        assertEquals(200, straight.text().lines().count());
    }

    private static BatchEntryJson entry(int index) {
        return entry(index, "not a message");
    }

    private static BatchEntryJson entry(int index, String detail) {
        return new BatchEntryJson(index, "MAILER-DAEMON", 10, null,
                Problem.of(ProblemType.NOT_A_MESSAGE, 422, detail, "/dsn/classify/batch"));
    }
}
