package dev.mx20.relay.validate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Expands SPF macros (RFC 7208 §7) in a domain-spec. The validator evaluates SPF for the relay's addresses
 * with a stand-in message: sender {@code postmaster@<domain>} (every mail domain has that mailbox, RFC 5321
 * §4.5.1), HELO the relay's EHLO name, {@code %{p}} "unknown" (§7.3 allows it when no validated name is known;
 * the deprecated PTR lookup is not made).
 *
 * <p>Errors (an unknown macro letter, a lone '%', {@code c}/{@code r}/{@code t} outside {@code exp=}) throw
 * {@link IllegalArgumentException}: the caller turns them into a permanent error (§4.6, §7.1).
 */
final class SpfMacros {
    /** RFC 7208 §7.1: the delimiters a macro may split on. */
    private static final String DELIMITERS = ".-+,/_=";

    /** What macros may refer to; {@code client} null when evaluating without a client (limits only). */
    record Context(String senderLocalPart, String senderDomain, String domain, byte[] client, String helo) {
    }

    private SpfMacros() {
    }

    /** True when {@code spec} contains a macro (anything after a '%'). */
    static boolean hasMacro(String spec) {
        return spec.indexOf('%') >= 0;
    }

    /** True when expanding {@code spec} needs the client address ({@code i}, {@code p}, {@code v}). */
    static boolean needsClient(String spec) {
        String lower = spec.toLowerCase(Locale.ROOT);
        return lower.contains("%{i") || lower.contains("%{p") || lower.contains("%{v");
    }

    /**
     * Expands {@code spec} (a domain-spec) and, as §7.3 asks for a result longer than 253 characters, drops
     * labels from the left until it fits.
     */
    static String expandDomain(String spec, Context c) {
        String out = expand(spec, c);
        while (out.length() > 253 && out.indexOf('.') >= 0) {
            out = out.substring(out.indexOf('.') + 1);
        }
        return out;
    }

    static String expand(String spec, Context c) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < spec.length()) {
            char ch = spec.charAt(i);
            if (ch != '%') {
                out.append(ch);
                i++;
                continue;
            }
            if (i + 1 >= spec.length()) {
                throw new IllegalArgumentException("lone '%' at the end of " + spec);
            }
            char next = spec.charAt(i + 1);
            switch (next) {
                case '%' -> {
                    out.append('%');
                    i += 2;
                }
                case '_' -> {
                    out.append(' ');
                    i += 2;
                }
                case '-' -> {
                    out.append("%20");
                    i += 2;
                }
                case '{' -> {
                    int close = spec.indexOf('}', i + 2);
                    if (close < 0) {
                        throw new IllegalArgumentException("unterminated macro in " + spec);
                    }
                    out.append(macro(spec.substring(i + 2, close), c, spec));
                    i = close + 1;
                }
                default -> throw new IllegalArgumentException("bad macro '%" + next + "' in " + spec);
            }
        }
        return out.toString();
    }

    /** One {@code %{...}}: letter, optional digits, optional 'r', optional delimiters (§7.1 grammar). */
    private static String macro(String body, Context c, String spec) {
        if (body.isEmpty()) {
            throw new IllegalArgumentException("empty macro in " + spec);
        }
        char letter = body.charAt(0);
        int p = 1;
        int digitsStart = p;
        while (p < body.length() && Character.isDigit(body.charAt(p))) {
            p++;
        }
        int keep = Integer.MAX_VALUE;
        if (p > digitsStart) {
            String digits = body.substring(digitsStart, p);
            if (digits.length() > 3 || Integer.parseInt(digits) == 0) {
                throw new IllegalArgumentException("bad transformer in %{" + body + "}"); // §7.1: zero is an error
            }
            keep = Integer.parseInt(digits);
        }
        boolean reverse = false;
        if (p < body.length() && (body.charAt(p) == 'r' || body.charAt(p) == 'R')) {
            reverse = true;
            p++;
        }
        String delimiters = body.substring(p);
        for (char d : delimiters.toCharArray()) {
            if (DELIMITERS.indexOf(d) < 0) {
                throw new IllegalArgumentException("bad delimiter '" + d + "' in %{" + body + "}");
            }
        }
        String value = value(Character.toLowerCase(letter), c, body);
        List<String> parts = split(value, delimiters.isEmpty() ? "." : delimiters);
        if (reverse) {
            Collections.reverse(parts);
        }
        if (keep < parts.size()) {
            parts = parts.subList(parts.size() - keep, parts.size());
        }
        String joined = String.join(".", parts);
        // §7.3: an upper-case macro letter means the value is URL-escaped
        return Character.isUpperCase(letter)
                ? URLEncoder.encode(joined, StandardCharsets.UTF_8).replace("+", "%20") : joined;
    }

    private static String value(char letter, Context c, String body) {
        return switch (letter) {
            case 's' -> c.senderLocalPart() + "@" + c.senderDomain();
            case 'l' -> c.senderLocalPart();
            case 'o' -> c.senderDomain();
            case 'd' -> c.domain();
            case 'i' -> clientText(c.client(), body);
            case 'p' -> "unknown";
            case 'v' -> requireClient(c.client(), body).length == 4 ? "in-addr" : "ip6";
            case 'h' -> c.helo();
            case 'c', 'r', 't' -> throw new IllegalArgumentException(
                    "%{" + body + "} is only allowed in exp= (RFC 7208 §7.2)");
            default -> throw new IllegalArgumentException("unknown macro letter in %{" + body + "}");
        };
    }

    /** §7.3: IPv4 in dotted quad, IPv6 as dot-separated nibbles (so that "r" reverses them for ip6.arpa). */
    private static String clientText(byte[] client, String body) {
        byte[] b = requireClient(client, body);
        StringBuilder sb = new StringBuilder();
        if (b.length == 4) {
            for (int k = 0; k < 4; k++) {
                sb.append(k == 0 ? "" : ".").append(b[k] & 0xff);
            }
            return sb.toString();
        }
        for (int k = 0; k < b.length; k++) {
            sb.append(k == 0 ? "" : ".").append(Character.forDigit((b[k] >> 4) & 0xf, 16)).append('.')
                    .append(Character.forDigit(b[k] & 0xf, 16));
        }
        return sb.toString();
    }

    private static byte[] requireClient(byte[] client, String body) {
        if (client == null) {
            throw new IllegalStateException("%{" + body + "} needs the client address");
        }
        return client;
    }

    private static List<String> split(String value, String delimiters) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < value.length(); k++) {
            if (delimiters.indexOf(value.charAt(k)) >= 0) {
                parts.add(value.substring(start, k));
                start = k + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }
}
