package dev.mx20.relay.delivery.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMTP replies from a stream: {@code ddd-text} continuation lines then {@code ddd text} (RFC 5321 §4.2.1).
 * Defensive against hostile servers: lines and line counts are bounded, codes must agree across lines.
 * A bare LF is accepted as a line end (lenient, as Postfix's client is).
 */
public final class ReplyReader {
    /** RFC 5321 §4.5.3.1.5 says 512 octets per reply line; real servers exceed it, so allow more. */
    static final int MAX_LINE = 4096;
    static final int MAX_LINES = 256;

    private final InputStream in;

    public ReplyReader(InputStream in) {
        this.in = in;
    }

    /** Reads one whole reply. */
    public SmtpReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine();
            if (line.length() < 3) {
                throw new SmtpProtocolException("reply line too short: " + printable(line));
            }
            int c = parseCode(line);
            if (code != -1 && c != code) {
                throw new SmtpProtocolException("reply code changed inside a multi-line reply: " + printable(line));
            }
            code = c;
            char sep = line.length() > 3 ? line.charAt(3) : ' ';
            if (sep != ' ' && sep != '-') {
                throw new SmtpProtocolException("bad separator after reply code: " + printable(line));
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (sep == ' ') {
                return new SmtpReply(code, lines);
            }
            if (lines.size() >= MAX_LINES) {
                throw new SmtpProtocolException("reply longer than " + MAX_LINES + " lines");
            }
        }
    }

    private static int parseCode(String line) throws SmtpProtocolException {
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char ch = line.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new SmtpProtocolException("reply does not start with a code: " + printable(line));
            }
            code = code * 10 + (ch - '0');
        }
        if (code < 200 || code > 599) {
            throw new SmtpProtocolException("reply code out of range: " + printable(line));
        }
        return code;
    }

    private String readLine() throws IOException {
        byte[] buf = new byte[128];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new SmtpProtocolException(n == 0 ? "connection closed by server"
                        : "connection closed inside a reply line");
            }
            if (b == '\n') {
                if (n > 0 && buf[n - 1] == '\r') {
                    n--;
                }
                // Replies are ASCII; anything else is kept visible rather than trusted.
                return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (n == MAX_LINE) {
                throw new SmtpProtocolException("reply line longer than " + MAX_LINE + " octets");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE + 1, buf.length * 2));
            }
            buf[n++] = (byte) b;
        }
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (sb.length() > 200) {
                return sb.append("...").toString();
            }
            sb.append(c >= ' ' && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}
