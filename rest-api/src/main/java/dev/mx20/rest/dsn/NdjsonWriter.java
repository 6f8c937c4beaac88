package dev.mx20.rest.dsn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes NDJSON (one JSON document per line, https://github.com/ndjson/ndjson-spec). Serialising a line
 * ({@link #serialise}) and writing it ({@link #writeLine}) are separate steps so that the batch endpoint's analysis
 * threads serialise their entries in parallel while the request thread only writes the finished lines, in order.
 * Nothing is flushed per line: bytes leave when the buffer fills, on {@link #flush()} and on {@link #close()}.
 * Closing flushes but leaves the output stream open. {@link #serialise} is thread-safe, the rest is not.
 */
final class NdjsonWriter implements Closeable {
    /** Jackson's own generator buffer size: a line is copied once into a buffer of the same size. */
    private static final int BUFFER = 8000;

    private final ObjectWriter writer;
    private final OutputStream out;
    private boolean unflushed;

    /** A writer for {@code type} that never flushes on its own. */
    static ObjectWriter writerFor(ObjectMapper mapper, Class<?> type) {
        return mapper.writerFor(type).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    /** @param writer from {@link #writerFor} */
    NdjsonWriter(ObjectWriter writer, OutputStream out) {
        this.writer = writer;
        this.out = new BufferedOutputStream(out, BUFFER) {
            @Override
            public void close() throws IOException {
                flush(); // the response stream is not ours to close
            }
        };
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
        out.write(line);
        out.write('\n');
        unflushed = true;
    }

    /** Writes {@code value} as one line. */
    void write(Object value) throws IOException {
        writeLine(serialise(value));
    }

    /** Sends the lines written so far; does nothing when there are none (no empty network write). */
    void flush() throws IOException {
        if (unflushed) {
            unflushed = false;
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        out.close(); // flushes, leaves the response stream open
    }
}
