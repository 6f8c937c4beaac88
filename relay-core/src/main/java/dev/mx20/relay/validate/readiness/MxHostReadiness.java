package dev.mx20.relay.validate.readiness;

import java.util.List;
import java.util.Map;

/**
 * One MX host of a domain.
 *
 * @param host       the host name (the domain itself for an implicit MX)
 * @param preference its MX preference (0 for an implicit MX)
 * @param ipv6       its AAAA addresses (RFC 5952 form)
 * @param ipv4       its A addresses
 * @param ptr        each address's PTR names (an empty list: no PTR)
 * @param alias      true when the host name is a CNAME (RFC 2181 §10.3 forbids that for MX targets)
 */
public record MxHostReadiness(String host, int preference, List<String> ipv6, List<String> ipv4,
                              Map<String, List<String>> ptr, boolean alias) {
    public MxHostReadiness {
        ipv6 = List.copyOf(ipv6);
        ipv4 = List.copyOf(ipv4);
        ptr = Map.copyOf(ptr);
    }
}
