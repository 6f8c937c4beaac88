package dev.mx20.relay.delivery.route;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP address text without ever touching DNS ({@link InetAddress#getByName} would resolve names). */
final class IpLiteral {
    private IpLiteral() {
    }

    /** The address, or {@code null} when {@code text} is not an IPv4 dotted quad or an IPv6 address. */
    static InetAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = text.contains(":") && text.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(text); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
