package dev.mx20.rest.dsn;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes NDJSON (one JSON document per line, https://github.com/ndjson/ndjson-spec). Two ways in:
 * <ul>
 *   <li>{@link #write}: the value is serialised straight into the output, through one generator kept for the
 *       whole answer. This is the batch endpoint's path when the request thread analyses itself: no
 *       {@code byte[]} per line and no copy of it (the generator's buffer goes to the response stream as it
 *       fills);</li>
 *   <li>{@link #serialise} then {@link #writeLine}: serialising is thread-safe, so the batch endpoint's analysis
 *       threads serialise their entries in parallel while the request thread only writes the finished lines, in
 *       order.</li>
 * </ul>
 * Nothing is flushed per line: bytes leave when the response stream's buffer fills, on {@link #flush()} and on
 * {@link #close()}. Closing flushes but leaves the output stream open. Only {@link #serialise} is thread-safe.
 */
final class NdjsonWriter implements Closeable {
    private final ObjectWriter writer;
    private final OutputStream out;
    private final JsonGenerator generator;
    private boolean unflushed;

    /** A writer for {@code type} that never flushes on its own. */
    static ObjectWriter writerFor(ObjectMapper mapper, Class<?> type) {
        return mapper.writerFor(type).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    /** @param writer from {@link #writerFor} */
    NdjsonWriter(ObjectWriter writer, OutputStream out) throws IOException {
        this.writer = writer;
        this.out = out;
        this.generator = writer.createGenerator(out);
        // No separator between root values: the line end is ours (Jackson's default would put a space before
        // every line after the first).
        generator.setRootValueSeparator(null);
        // The response stream is not ours to close; and the generator's flush only empties its own buffer into
        // the stream, so that a line written by writeLine follows the generator's output without a network write.
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        generator.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }

    /** {@code value} as the bytes of one line, without its line end. Thread-safe. */
    byte[] serialise(Object value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Only our own records are written here: a failure is a bug, not bad input.
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Writes a line made by {@link #serialise}, and its line end. */
    void writeLine(byte[] line) throws IOException {
        generator.flush(); // whatever write() left in the generator's buffer comes first (no-op when empty)
        out.write(line);
        out.write('\n');
        unflushed = true;
    }

    /** Writes {@code value} as one line, serialised straight into the output. */
    void write(Object value) throws IOException {
        writer.writeValue(generator, value);
        generator.writeRaw('\n');
        unflushed = true;
    }

    /** Sends the lines written so far; does nothing when there are none (no empty network write). */
    void flush() throws IOException {
        if (unflushed) {
            unflushed = false;
            generator.flush();
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        generator.close(); // empties its buffer into the stream, leaves the stream open
        if (unflushed) {
            unflushed = false;
            out.flush();
        }
    }
}
