package dev.mx20.relay.delivery.client;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMTP reply (RFC 5321 §4.2), possibly multi-line.
 *
 * @param code  the three-digit reply code
 * @param lines the text of every line, without the code and separator
 */
public record SmtpReply(int code, List<String> lines) {
    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?=\\s|$)");

    public SmtpReply {
        lines = List.copyOf(lines);
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
    }

    /** 2xx. */
    public boolean positive() {
        return code / 100 == 2;
    }

    /** 3xx (intermediate, e.g. 354 after DATA). */
    public boolean intermediate() {
        return code / 100 == 3;
    }

    /** 4xx. */
    public boolean transientNegative() {
        return code / 100 == 4;
    }

    /** 5xx. */
    public boolean permanentNegative() {
        return code / 100 == 5;
    }

    /**
     * The RFC 3463 status the reply carries (RFC 2034), when its class agrees with the reply code; otherwise the
     * generic {@code X.0.0} of the reply class (what Postfix does for servers without enhanced codes).
     */
    public String status() {
        if (!lines.isEmpty()) {
            Matcher m = ENHANCED.matcher(lines.get(0));
            if (m.find() && m.group(1).charAt(0) - '0' == code / 100) {
                return m.group();
            }
        }
        return (code / 100) + ".0.0";
    }

    /**
     * The text of all lines joined with a space, the enhanced code kept on the first line and dropped from the
     * others, where servers repeat it.
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i > 0) {
                Matcher m = ENHANCED.matcher(line);
                if (m.find()) {
                    line = line.substring(m.end()).stripLeading();
                }
                sb.append(' ');
            }
            sb.append(line);
        }
        return sb.toString().strip();
    }

    /** {@code code text}, e.g. {@code 550 5.1.1 <u@example.com>: Recipient address rejected}. */
    @Override
    public String toString() {
        String t = text();
        return t.isEmpty() ? Integer.toString(code) : code + " " + t;
    }
}
