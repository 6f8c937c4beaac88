package dev.mx20.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client for requests RestAssured cannot make: a body that stops arriving, broken framing, lying
 * or duplicated headers. Loopback only.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * Sends {@code head} and {@code partialBody}, then waits without sending more.
     *
     * @return what the server sent until it closed the connection or {@code maxWaitMillis} passed;
     *         {@code null} if it sent nothing at all in that time
     */
    public static String sendAndStall(int port, String head, byte[] partialBody, int maxWaitMillis) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(maxWaitMillis);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(partialBody);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                return got.size() == 0 ? null : got.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                // connection reset: the server gave up on us, which is the point
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The first answer to a raw request, as far as it came before the deadline.
     *
     * @param status   the status code, or -1 when the server closed the connection without answering
     * @param headers  header names in lower case (the last value of a repeated header)
     * @param timedOut the deadline passed before the answer (or the connection's end) arrived: a hang
     */
    public record Answer(int status, Map<String, String> headers, byte[] body, boolean timedOut, long millis) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String t = text();
            return (timedOut ? "TIMED OUT after " : "") + millis + " ms: " + status + " " + headers + " "
                    + (t.length() > 300 ? t.substring(0, 300) + "..." : t);
        }
    }

    /**
     * Sends {@code request} as it is and reads the first answer: its head, then a body framed by Content-Length or
     * chunked encoding, or up to the end of the connection. {@code closeOutput} half-closes the connection after
     * the request (a client that sent all it ever will). Never waits longer than {@code deadlineMillis} in all.
     */
    public static Answer exchange(int port, byte[] request, boolean closeOutput, boolean head, int deadlineMillis)
            throws IOException {
        long start = System.nanoTime();
        long deadline = start + deadlineMillis * 1_000_000L;
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (closeOutput) {
                    s.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may close before it has read everything (an early answer): read what it said
            }
            Reader in = new Reader(s, deadline);
            try {
                String statusLine = in.line();
                if (statusLine == null) {
                    return new Answer(-1, Map.of(), new byte[0], false, millis(start));
                }
                String[] parts = statusLine.split(" ", 3);
                int status = Integer.parseInt(parts[1]);
                Map<String, String> headers = new LinkedHashMap<>();
                String line;
                while ((line = in.line()) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
                byte[] body;
                if (head || status == 204 || status == 304 || status / 100 == 1) {
                    body = new byte[0];
                } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    body = in.chunked();
                } else if (headers.containsKey("content-length")) {
                    body = in.exactly(Integer.parseInt(headers.get("content-length")));
                } else {
                    body = in.rest();
                }
                return new Answer(status, headers, body, false, millis(start));
            } catch (SocketTimeoutException e) {
                return new Answer(-1, Map.of(), new byte[0], true, millis(start));
            } catch (IOException e) {
                // reset by the server: it gave up on the request, which is an answer too (not a hang)
                return new Answer(-1, Map.of("x-raw-error", e.toString()), new byte[0], false, millis(start));
            }
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    /** Byte-wise reading with one deadline for the whole answer. */
    private static final class Reader {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        Reader(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.deadline = deadline;
        }

        private int read() throws IOException {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException("deadline");
            }
            socket.setSoTimeout((int) Math.max(1, left));
            return in.read();
        }

        /** A CRLF- (or LF-) terminated line, or null at the end of the stream before any byte. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    b.write(c);
                }
            }
            return c < 0 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }

        byte[] exactly(int n) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while (b.size() < n && (c = read()) >= 0) {
                b.write(c);
            }
            return b.toByteArray();
        }

        byte[] rest() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = read()) >= 0) {
                b.write(c);
            }
            return b.toByteArray();
        }

        byte[] chunked() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            String size;
            while ((size = line()) != null) {
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while ((size = line()) != null && !size.isEmpty()) {
                        // trailers
                    }
                    break;
                }
                b.writeBytes(exactly(n));
                line();
            }
            return b.toByteArray();
        }
    }
}
