package dev.mx20.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw HTTP/1.1 client for requests RestAssured cannot make (a body that stops arriving). */
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
}
