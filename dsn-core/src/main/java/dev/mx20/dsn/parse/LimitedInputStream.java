package dev.mx20.dsn.parse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads at most {@code limit} bytes and then reports end of stream, remembering that it cut the input.
 * This is what bounds memory and time for a 50 MB message: the parser never sees more than the limit.
 */
final class LimitedInputStream extends FilterInputStream {
    private long remaining;
    private boolean truncated;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.remaining = limit;
    }

    boolean truncated() {
        return truncated;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            checkTruncated();
            return -1;
        }
        int b = super.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            checkTruncated();
            return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    private void checkTruncated() throws IOException {
        if (!truncated && super.read() >= 0) {
            truncated = true; // there was more: the message was cut at the limit
        }
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(Math.min(n, remaining));
        remaining -= s;
        return s;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), remaining);
    }

    @Override
    public void close() {
        // the caller owns the underlying stream (BounceAnalyzer documents "not closed")
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
