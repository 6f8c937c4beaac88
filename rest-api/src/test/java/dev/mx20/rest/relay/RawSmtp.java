package dev.mx20.rest.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A byte-level SMTP client for tests: sends exactly the lines it is given, reads whole (multi-line) replies. */
final class RawSmtp implements AutoCloseable {
    private final Socket socket = new Socket();
    private final BufferedReader in;
    private final OutputStream out;

    RawSmtp(InetSocketAddress server) throws IOException {
        socket.connect(server, 5_000);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out = socket.getOutputStream();
    }

    /** @return the reply's last line (code and text), or null at EOF */
    String reply() throws IOException {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    /** Sends {@code line} + CRLF and returns the reply's last line. */
    String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    /** Sends a whole transaction and returns the reply to the final dot. */
    String send(String from, String to, String message) throws IOException {
        expect(reply(), "220");
        expect(command("EHLO client.test.invalid"), "250");
        expect(command("MAIL FROM:<" + from + ">"), "250");
        expect(command("RCPT TO:<" + to + "> NOTIFY=FAILURE,DELAY"), "250");
        expect(command("DATA"), "354");
        return command(message.replace("\n", "\r\n") + "\r\n.");
    }

    private static void expect(String reply, String code) {
        if (reply == null || !reply.startsWith(code)) {
            throw new AssertionError("expected " + code + ", got " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } finally {
            socket.close();
        }
    }
}
