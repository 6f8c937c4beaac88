package dev.mx20.relay.delivery.route;

import java.util.List;

/** Where mail for one destination goes: an ordered list of addresses, or why there is none. */
public sealed interface Route permits Route.Targets, Route.Failure {

    /** The destination (recipient domain or relayhost) this route is for. */
    String destination();

    /**
     * Addresses to try in order; never empty.
     *
     * @param destination the recipient domain or relayhost
     * @param targets     every address to try, most preferred first, already capped
     */
    record Targets(String destination, List<Target> targets) implements Route {
        public Targets {
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("a route needs at least one target");
            }
        }
    }

    /**
     * No address to try.
     *
     * @param destination the recipient domain or relayhost
     * @param permanent   whether retrying cannot help (NXDOMAIN, null MX, no address, mail loops)
     * @param status      RFC 3463 status, e.g. {@code 5.1.2} or {@code 4.4.3}
     * @param diagnostic  what went wrong, for logs and DSNs
     */
    record Failure(String destination, boolean permanent, String status, String diagnostic) implements Route {
    }
}
