package dev.mx20.rest.dsn;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes NDJSON (one JSON document per line, https://github.com/ndjson/ndjson-spec) through one Jackson
 * generator for the whole response, instead of serialising every line into a fresh byte array. Nothing is
 * flushed per line: bytes leave when the generator's buffer fills, on {@link #flush()} and on {@link #close()}.
 * Closing flushes but leaves the output stream open. Not thread-safe.
 */
final class NdjsonWriter implements Closeable {
    private final ObjectWriter writer;
    private final JsonGenerator generator;
    private boolean unflushed;

    /**
     * A writer for {@code type} that never flushes on its own and puts nothing between root values
     * (Jackson's default root value separator is a space, which would start every line after the first).
     */
    static ObjectWriter writerFor(ObjectMapper mapper, Class<?> type) {
        return mapper.writerFor(type)
                .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .withRootValueSeparator("");
    }

    /** @param writer from {@link #writerFor} */
    NdjsonWriter(ObjectWriter writer, OutputStream out) throws IOException {
        this.writer = writer;
        this.generator = writer.createGenerator(out);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // After a failed write, close() must not append closing brackets to a half-written line.
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    }

    /** Writes {@code value} as one line. */
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
        }
    }

    @Override
    public void close() throws IOException {
        generator.close(); // flushes; hands its buffer back to Jackson's recycler
    }
}
