package dev.mx20.rest.dsn;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * A request body as a blocking {@link InputStream} for the request's worker thread, read from Vert.x with a window
 * of up to {@value #HIGH_WATER} bytes queued instead of one piece at a time.
 *
 * <p>Why not Quarkus REST's {@code InputStream} parameter: it asks the connection for one piece of the body, waits
 * until the worker has taken it, then asks for the next ({@code fetch(1)}), so every 64 KiB of a mailbox costs two
 * thread hand-offs (event loop to worker and back) and a pause and resume of the socket. The batch endpoint reads
 * hundreds of MiB; here the connection keeps flowing while the worker is busy and is only paused when
 * {@value #HIGH_WATER} bytes wait (resumed below {@value #LOW_WATER}), and the worker is only woken when it waits
 * for input that has not arrived. Memory per request stays bounded: the window plus one piece
 * ({@code quarkus.http.limits.max-chunk-size}).
 *
 * <p>Same bounds as Quarkus' stream: a read that sees no byte for {@code readTimeoutMillis} fails with an
 * {@link IOException} and closes the connection; a broken connection fails the read. {@link #available()} is
 * exact (bytes received and not yet read), so a reader can tell whether the next read would wait. {@link #close()}
 * drops whatever of the body is still to come, without waiting for it, up to {@code discardLimit} bytes of the
 * whole body; past that the connection is closed. The lock is the connection, as in Quarkus' own blocking input,
 * because Vert.x synchronises on it too (no lock-order inversion with {@code pause}/{@code resume}).
 */
final class UploadStream extends InputStream {
    private static final Logger LOG = Logger.getLogger(UploadStream.class);
    /** Bytes queued at which the connection is paused. */
    static final int HIGH_WATER = 1 << 20;
    /** Bytes queued at or below which a paused connection is resumed. */
    static final int LOW_WATER = 256 << 10;

    private final HttpServerRequest request;
    private final Object lock;
    private final long readTimeoutMillis;
    private final long discardLimit;

    // Guarded by lock (written by the event loop, read by the worker and the other way round).
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean paused;
    private boolean ended;
    private boolean waiting;
    private boolean discarding;
    private Throwable failure;

    // The worker's own.
    private Buffer current;
    private int position;
    private boolean closed;

    /**
     * Takes over the request's body: must be created on the request's worker thread before anyone else reads it.
     *
     * @param readTimeoutMillis a read fails when no byte arrives for this long
     * @param discardLimit      after {@link #close()}, the rest of a body is dropped up to this many bytes in all,
     *                          then the connection is closed
     */
    UploadStream(HttpServerRequest request, long readTimeoutMillis, long discardLimit) {
        this.request = request;
        this.lock = request.connection();
        this.readTimeoutMillis = Math.max(1, readTimeoutMillis);
        this.discardLimit = discardLimit;
        synchronized (lock) {
            if (request.isEnded()) {
                ended = true; // nothing left to read (the body was empty)
                return;
            }
            request.handler(this::arrived);
            request.endHandler(v -> {
                synchronized (lock) {
                    ended = true;
                    wake();
                }
            });
            request.exceptionHandler(e -> {
                synchronized (lock) {
                    failure = e;
                    queue.clear();
                    queued = 0;
                    wake();
                }
            });
            request.resume(); // Quarkus pauses every request until a handler asks for its body
        }
        // A client that sent "Expect: 100-continue" (curl does for bodies over 1 MiB) waits for this before sending
        // the body, or for its own time-out (curl: 1 s per request); Quarkus' stream sends it on the first read.
        String expect = request.getHeader("Expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue") && !request.response().headWritten()) {
            request.response().writeContinue();
        }
    }

    /** On the event loop: a piece of the body arrived. */
    private void arrived(Buffer piece) {
        synchronized (lock) {
            if (discarding) {
                if (request.bytesRead() > discardLimit) {
                    LOG.debugf("closing the connection: %d bytes of an unread body", request.bytesRead());
                    request.connection().close();
                }
                return;
            }
            queue.add(piece);
            queued += piece.length();
            if (!paused && queued >= HIGH_WATER) {
                paused = true;
                request.pause();
            }
            wake();
        }
    }

    private void wake() {
        if (waiting) {
            lock.notifyAll();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("Stream is closed");
        }
        if (len == 0) {
            return 0;
        }
        if (current == null && !next()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        current.getBytes(position, position + n, b, off);
        position += n;
        if (position == current.length()) {
            current = null;
        }
        return n;
    }

    /** Bytes received and not read yet: a read of that many or fewer does not wait. */
    @Override
    public int available() {
        synchronized (lock) {
            long n = queued + (current == null ? 0 : current.length() - position);
            return (int) Math.min(n, Integer.MAX_VALUE);
        }
    }

    /** Makes the next queued piece current, waiting for one; {@code false} at the end of the body. */
    private boolean next() throws IOException {
        synchronized (lock) {
            long deadline = System.currentTimeMillis() + readTimeoutMillis;
            while (queue.isEmpty() && !ended && failure == null) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    // As Quarkus' blocking input: a body that stopped arriving leaves the connection unusable.
                    failure = new IOException("Read timed out");
                    request.connection().close();
                    break;
                }
                waiting = true;
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the request body");
                } finally {
                    waiting = false;
                }
            }
            if (failure != null) {
                throw failure instanceof IOException io ? io : new IOException(failure);
            }
            Buffer piece = queue.poll();
            if (piece == null) {
                return false; // ended
            }
            queued -= piece.length();
            if (paused && queued <= LOW_WATER) {
                paused = false;
                request.resume();
            }
            current = piece;
            position = 0;
            return true;
        }
    }

    /**
     * Drops what was received and not read, and whatever of the body still arrives (up to the discard limit), so
     * that the answer can be read by a client that is still sending; does not wait for the rest.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        current = null;
        synchronized (lock) {
            queue.clear();
            queued = 0;
            if (!ended && failure == null) {
                discarding = true;
                if (paused) {
                    paused = false;
                    request.resume();
                }
            }
        }
    }
}
