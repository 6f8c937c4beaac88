package dev.mx20.relay.config;

import dev.mx20.relay.policy.IpNetwork;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses by which the relay recognises itself in an MX list (RFC 5321 §5.1: a relay "MUST" drop every MX
 * at or above its own preference, which it can only do if it knows which MX hosts are itself). Postfix's rule:
 * the addresses of {@code inet_interfaces} plus those of {@code proxy_interfaces}; with {@code inet_interfaces =
 * all}, every address of every network interface of the host (Postfix {@code inet_addr_local}), because the relay
 * then answers on all of them and an MX record naming any of them points back at it.
 */
final class OwnAddresses {
    private OwnAddresses() {
    }

    /**
     * @param inetInterfaces  the {@code inet_interfaces} list ({@code all} or address literals)
     * @param proxyInterfaces the {@code proxy_interfaces} list (address literals)
     * @return the relay's own addresses, in that order, without duplicates
     */
    static Set<InetAddress> of(List<String> inetInterfaces, List<String> proxyInterfaces) {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (String a : inetInterfaces) {
            if (a.equals("all")) {
                out.addAll(localInterfaceAddresses());
            } else {
                out.add(IpNetwork.literal(a));
            }
        }
        for (String a : proxyInterfaces) {
            out.add(IpNetwork.literal(a));
        }
        return out;
    }

    /** Every address of every interface that is up, without IPv6 scope ids (DNS answers carry none). */
    static Set<InetAddress> localInterfaceAddresses() {
        Set<InetAddress> out = new LinkedHashSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    // fe80::1%eth0 must compare equal to the fe80::1 an AAAA record would give.
                    out.add(InetAddress.getByAddress(a.getAddress()));
                }
            }
        } catch (SocketException | java.net.UnknownHostException e) {
            // Without the interface list only the names (myhostname, smtp_own_names) identify the relay;
            // that is what the RouteResolver falls back to anyway. Not worth refusing to start over.
            java.util.logging.Logger.getLogger(OwnAddresses.class.getName())
                    .warning("cannot list network interfaces for MX self-detection: " + e.getMessage());
        }
        return out;
    }
}
