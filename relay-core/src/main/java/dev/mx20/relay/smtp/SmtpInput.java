package dev.mx20.relay.smtp;

import dev.mx20.relay.config.BareNewlinePolicy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads SMTP commands and message data from a client, byte by byte from a buffer, with the line-ending rules that
 * defeat SMTP smuggling:
 * <ul>
 *   <li>the end of DATA is only {@code CRLF . CRLF} (RFC 5321 §4.1.1.4): a {@code .} line ended by a bare LF, or
 *       preceded by a bare LF, is message content, so a second message cannot be hidden inside the first;</li>
 *   <li>a bare LF ends a line as if it were CRLF ({@link BareNewlinePolicy#NORMALIZE}) or is an error
 *       ({@link BareNewlinePolicy#REJECT}), as Postfix 3.9 {@code smtpd_forbid_bare_newline} does;</li>
 *   <li>lines are dot-unstuffed (RFC 5321 §4.5.2) and stored with CRLF line ends.</li>
 * </ul>
 */
final class SmtpInput {
    /** RFC 5321 §4.5.3.1.4 allows 512 octets; ESMTP parameters (§4.5.3.1, RFC 3461) need more. */
    static final int MAX_COMMAND_LINE = 2048;

    private final BufferedInputStream in;
    private final BareNewlinePolicy bareNewline;

    /** Thrown when the client sent a bare LF and the policy is {@link BareNewlinePolicy#REJECT}. */
    static final class BareNewlineException extends IOException {
        private static final long serialVersionUID = 1L;

        BareNewlineException() {
            super("bare <LF> received");
        }
    }

    /** Thrown when the client closed the connection. */
    static final class ClientGoneException extends IOException {
        private static final long serialVersionUID = 1L;

        ClientGoneException() {
            super("client closed the connection");
        }
    }

    /** A command line, or a line that was too long (its text then is {@code null}). */
    record CommandLine(String text, boolean tooLong) {
    }

    /** How a DATA section ended. */
    enum DataEnd { COMPLETE, TOO_BIG }

    SmtpInput(InputStream in, BareNewlinePolicy bareNewline) {
        this.in = new BufferedInputStream(in, 16 * 1024);
        this.bareNewline = bareNewline;
    }

    /** @return whether the client has sent bytes we have not read yet (pipelining detection) */
    boolean hasPendingInput() throws IOException {
        return in.available() > 0;
    }

    /**
     * Reads one command line (without its line end), decoded as UTF-8 (RFC 6531 §3.3: with SMTPUTF8, addresses may
     * be UTF-8; ASCII is a subset). Bytes that are not well-formed UTF-8 become U+FFFD, which no address grammar
     * accepts, so they can only lead to a syntax error.
     */
    CommandLine readCommand() throws IOException {
        java.io.ByteArrayOutputStream sb = new java.io.ByteArrayOutputStream(64);
        boolean tooLong = false;
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new ClientGoneException();
            }
            if (b == '\n') {
                if (prev != '\r') {
                    if (bareNewline == BareNewlinePolicy.REJECT) {
                        throw new BareNewlineException();
                    }
                }
                if (tooLong) {
                    return new CommandLine(null, true);
                }
                byte[] bytes = sb.toByteArray();
                int n = prev == '\r' ? bytes.length - 1 : bytes.length;
                return new CommandLine(new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8), false);
            }
            if (sb.size() < MAX_COMMAND_LINE) {
                sb.write(b);
            } else {
                tooLong = true;
            }
            prev = b;
        }
    }

    /**
     * Copies message data up to the end-of-data line into {@code sink}, dot-unstuffed, with CRLF line ends.
     * Past {@code limit} bytes (0 = none) it keeps reading to the end but stores nothing more.
     */
    DataEnd readData(OutputStream sink, long limit) throws IOException {
        byte[] line = new byte[1024];
        long stored = 0;
        boolean tooBig = false;
        boolean previousEndedWithCrlf = true; // the 354 reply's CRLF precedes the first line
        while (true) {
            int len = 0;
            boolean crlf;
            boolean continued = false; // part of this line was already stored (very long line)
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new ClientGoneException();
                }
                if (b == '\n') {
                    crlf = len > 0 && line[len - 1] == '\r';
                    if (crlf) {
                        len--;
                    } else if (bareNewline == BareNewlinePolicy.REJECT) {
                        throw new BareNewlineException();
                    }
                    break;
                }
                if (len == line.length) {
                    line = java.util.Arrays.copyOf(line, line.length * 2);
                    if (line.length > 1 << 20) {
                        // A 1 MiB line: write it out in pieces rather than grow without bound.
                        int skip = !continued && line[0] == '.' ? 1 : 0;
                        stored = store(sink, line, skip, len - skip, stored, limit);
                        tooBig |= limit > 0 && stored > limit;
                        continued = true;
                        line = new byte[1024];
                        len = 0;
                    }
                }
                line[len++] = (byte) b;
            }
            if (crlf && previousEndedWithCrlf && !continued && len == 1 && line[0] == '.') {
                return tooBig ? DataEnd.TOO_BIG : DataEnd.COMPLETE;
            }
            int start = !continued && len > 0 && line[0] == '.' ? 1 : 0; // RFC 5321 §4.5.2 transparency
            if (!tooBig) {
                stored = store(sink, line, start, len - start, stored, limit);
                stored = store(sink, CRLF, 0, 2, stored, limit);
                tooBig = limit > 0 && stored > limit;
            }
            previousEndedWithCrlf = crlf;
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static long store(OutputStream sink, byte[] b, int off, int len, long stored, long limit) throws IOException {
        if (limit > 0 && stored + len > limit) {
            return stored + len; // over the limit: count, do not store
        }
        sink.write(b, off, len);
        return stored + len;
    }
}
