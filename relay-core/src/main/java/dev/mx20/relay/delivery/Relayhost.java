package dev.mx20.relay.delivery;

import java.util.Locale;
import java.util.Objects;

/**
 * A static route for all outbound mail (Postfix {@code relayhost}, or a {@code relay:} transport entry).
 *
 * <p>{@code [primary.example]:25} means "connect to the A/AAAA addresses of primary.example on port 25, no MX
 * lookup"; {@code primary.example} without brackets means "look up the MX records of primary.example", exactly as in
 * Postfix. An IP literal ({@code [2001:db8::1]:2525}) is used as is.
 *
 * @param host      host name or IP address (without brackets)
 * @param port      TCP port
 * @param mxLookup  whether {@code host} names a domain whose MX records are looked up (no brackets in the syntax)
 */
public record Relayhost(String host, int port, boolean mxLookup) {
    public Relayhost {
        Objects.requireNonNull(host, "host");
        host = host.trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("relayhost: empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("relayhost: port out of range: " + port);
        }
    }

    /**
     * Parses Postfix relayhost syntax: {@code [host]}, {@code [host]:port}, {@code host}, {@code host:port},
     * {@code [2001:db8::1]:25}.
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static Relayhost parse(String text) {
        String s = Objects.requireNonNull(text, "relayhost").trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("relayhost: empty");
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("relayhost: missing ']' in " + text);
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            int port = 25;
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("relayhost: junk after ']' in " + text);
                }
                port = parsePort(rest.substring(1), text);
            }
            return new Relayhost(host, port, false);
        }
        if (s.chars().filter(c -> c == ':').count() > 1) {
            throw new IllegalArgumentException("relayhost: an IPv6 address must be in brackets: " + text);
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            return new Relayhost(s.substring(0, colon), parsePort(s.substring(colon + 1), text), true);
        }
        return new Relayhost(s, 25, true);
    }

    private static int parsePort(String p, String text) {
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("relayhost: bad port in " + text, e);
        }
    }

    /** The Postfix spelling of this route, e.g. {@code [primary.example]:25}. */
    @Override
    public String toString() {
        String h = host.toLowerCase(Locale.ROOT);
        return mxLookup ? h + (port == 25 ? "" : ":" + port) : "[" + h + "]:" + port;
    }
}
