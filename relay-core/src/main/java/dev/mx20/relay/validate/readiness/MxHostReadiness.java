package dev.mx20.relay.validate.readiness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One MX host of a domain.
 *
 * @param host       the host name (the domain itself for an implicit MX)
 * @param preference its MX preference (0 for an implicit MX)
 * @param ipv6       its AAAA addresses (RFC 5952 form)
 * @param ipv4       its A addresses
 * @param ptr        each address's PTR names (an empty list: no PTR), in the order of {@code ipv6} then {@code ipv4}
 *                   (so that answers and their JSON are the same from run to run)
 * @param alias      true when the host name is a CNAME (RFC 2181 §10.3 forbids that for MX targets)
 */
public record MxHostReadiness(String host, int preference, List<String> ipv6, List<String> ipv4,
                              Map<String, List<String>> ptr, boolean alias) {
    public MxHostReadiness {
        ipv6 = List.copyOf(ipv6);
        ipv4 = List.copyOf(ipv4);
        ptr = inAddressOrder(ptr, ipv6, ipv4);
    }

    private static Map<String, List<String>> inAddressOrder(Map<String, List<String>> ptr, List<String> ipv6,
                                                            List<String> ipv4) {
        Map<String, List<String>> rest = new TreeMap<>();
        ptr.forEach((address, names) -> rest.put(Objects.requireNonNull(address), List.copyOf(names)));
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        for (List<String> family : List.of(ipv6, ipv4)) {
            for (String address : family) {
                List<String> names = rest.remove(address);
                if (names != null) {
                    ordered.put(address, names);
                }
            }
        }
        ordered.putAll(rest); // addresses not listed above (none from the checker), in a fixed order too
        return Collections.unmodifiableMap(ordered);
    }
}
