package dev.mx20.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Submits one message over SMTP, one command at a time, and fails loudly on any unexpected reply (tests). */
public final class SmtpSubmit {
    private SmtpSubmit() {
    }

    /**
     * @param mailParams extra MAIL FROM parameters ("" for none), e.g. {@code " SMTPUTF8"}
     * @param rcptParams extra RCPT TO parameters ("" for none), e.g. {@code " NOTIFY=FAILURE"}
     * @return the reply to the final dot, e.g. {@code 250 2.0.0 Ok: queued as ID}
     */
    public static String send(InetSocketAddress server, String from, String mailParams, String to, String rcptParams,
                       String message) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 5000);
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO client.example", "250");
            command(out, in, "MAIL FROM:<" + from + ">" + mailParams, "250");
            command(out, in, "RCPT TO:<" + to + ">" + rcptParams, "250");
            command(out, in, "DATA", "354");
            out.write((message.replace("\r\n", "\n").replace("\n", "\r\n") + ".\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String done = expect(in, "250");
            command(out, in, "QUIT", "221");
            return done;
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, String code) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, code);
    }

    private static String expect(BufferedReader in, String code) throws IOException {
        String line = reply(in);
        if (!line.startsWith(code)) {
            throw new IOException("expected " + code + ", got: " + line);
        }
        return line;
    }

    /**
     * Reads one reply, multi-line ones included (RFC 5321 §4.2.1: {@code 250-} continues, {@code 250 } ends).
     *
     * @return its last line
     * @throws IOException when the server closes the connection first
     */
    public static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
