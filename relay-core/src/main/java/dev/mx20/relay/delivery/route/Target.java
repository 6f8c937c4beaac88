package dev.mx20.relay.delivery.route;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * One address to try, in order.
 *
 * @param host       the MX host (or relayhost) name the address belongs to, as DNS gave it (no trailing dot)
 * @param preference the MX preference of that host (0 for implicit MX and static routes)
 * @param address    the IP address
 * @param port       the TCP port
 */
public record Target(String host, int preference, InetAddress address, int port) {
    /** Whether the address is IPv6. */
    public boolean ipv6() {
        return address instanceof Inet6Address;
    }

    /** {@code ipv6} or {@code ipv4}, as log lines spell it. */
    public String family() {
        return ipv6() ? "ipv6" : "ipv4";
    }

    /** Postfix's log spelling, {@code host[address]:port}. */
    @Override
    public String toString() {
        return host + "[" + address.getHostAddress() + "]:" + port;
    }
}
