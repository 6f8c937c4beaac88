package dev.mx20.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One raw request on its own connection, and everything the server sends until it closes the connection: for
 * answers after which the server must close (a refused head, broken framing), where {@link RawHttp#exchange} stops
 * at the end of the first answer and cannot tell. Loopback only.
 *
 * @param status  the status code, -1 when nothing came
 * @param headers header names in lower case
 * @param body    the bytes after the head, up to the close
 * @param closed  the server closed the connection before the deadline (false: it kept it open, or hung)
 */
public record ClosingExchange(int status, Map<String, String> headers, byte[] body, boolean closed) {

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code request} (the output stays open: a client that might send more) and reads until the server
     * closes the connection or {@code deadlineMillis} pass.
     */
    public static ClosingExchange send(int port, byte[] request, int deadlineMillis) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean closed = false;
        long deadline = System.nanoTime() + deadlineMillis * 1_000_000L;
        try (Socket s = new Socket("127.0.0.1", port)) {
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            } catch (IOException e) {
                // the server answered and closed before taking everything: read what it said
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        break;
                    }
                    s.setSoTimeout((int) left);
                    int n = in.read(buf);
                    if (n < 0) {
                        closed = true;
                        break;
                    }
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // still open at the deadline
            } catch (IOException e) {
                closed = true; // reset: closed, without reading the rest of the request
            }
        }
        return parse(got.toByteArray(), closed);
    }

    private static ClosingExchange parse(byte[] bytes, boolean closed) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            return new ClosingExchange(-1, Map.of(), bytes, closed);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        String length = headers.get("content-length");
        if (length != null && Integer.parseInt(length) < body.length) {
            body = java.util.Arrays.copyOf(body, Integer.parseInt(length));
        }
        return new ClosingExchange(status, headers, body, closed);
    }

    @Override
    public String toString() {
        String t = text();
        return status + " " + headers + " " + (t.length() > 300 ? t.substring(0, 300) + "..." : t)
                + (closed ? " (closed)" : " (left open)");
    }
}
