package dev.mx20.relay.delivery.route;

import dev.mx20.relay.delivery.AddressPreference;
import dev.mx20.relay.delivery.DeliverySettings;
import dev.mx20.relay.delivery.Relayhost;
import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.DnsStatus;
import dev.mx20.relay.dns.RecordType;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Turns a recipient domain (or the configured relayhost) into the ordered list of addresses to try,
 * following RFC 5321 §5.1:
 * <ul>
 *   <li>MX records sorted by preference, equal preferences shuffled (§5.1: "SHOULD be randomized");</li>
 *   <li>NXDOMAIN is permanent ({@code 5.1.2}), SERVFAIL/timeout transient ({@code 4.4.3});</li>
 *   <li>the domain itself as implicit MX only when it has no MX records at all (NODATA);</li>
 *   <li>a null MX (RFC 7505 §3: a single MX "0 .") is permanent ({@code 5.1.10});</li>
 *   <li>every MX at or above the relay's own preference is dropped (§5.1: "MUST discard ... equal to or greater
 *       than" its own), the relay being recognised by name or by address; if nothing is left the mail loops
 *       ({@code 5.4.6}, as Postfix);</li>
 *   <li>an MX host without addresses is skipped; all addresses of one host come before the next host, ordered
 *       by family ({@link AddressOrder}), then capped.</li>
 * </ul>
 * Thread-safe if the {@link RandomGenerator} is. Blocks the calling thread for its DNS lookups (each bounded by
 * the lookup's own deadline): delivery runs on its own threads.
 */
public final class RouteResolver {
    private final DeliverySettings settings;
    private final DnsLookup dns;
    private final RandomGenerator random;

    public RouteResolver(DeliverySettings settings, DnsLookup dns, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dns = Objects.requireNonNull(dns, "dns");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Resolves the route for mail to {@code domain} (the part after the last {@code @} of the recipient). */
    public Route resolve(String domain) {
        String dest = DeliverySettings.hostKey(domain);
        boolean ipv4Only = settings.ipv4OnlyDestinations().contains(dest);
        Relayhost relay = settings.relayhost();
        if (relay != null) {
            String destination = relay.toString();
            if (relay.mxLookup()) {
                return viaMx(destination, relay.host(), relay.port(), ipv4Only);
            }
            return viaHosts(destination, List.of(new MxHost(relay.host(), 0)), relay.port(), ipv4Only, false);
        }
        if (dest.startsWith("[") && dest.endsWith("]")) {
            return domainLiteral(dest);
        }
        return viaMx(dest, dest, settings.port(), ipv4Only);
    }

    /** RFC 5321 §4.1.3 address literal, {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. */
    private Route domainLiteral(String dest) {
        String inner = dest.substring(1, dest.length() - 1);
        if (inner.regionMatches(true, 0, "ipv6:", 0, 5)) {
            inner = inner.substring(5);
        }
        InetAddress a = IpLiteral.parse(inner);
        if (a == null) {
            return new Route.Failure(dest, true, "5.1.2", "bad address literal " + dest);
        }
        return new Route.Targets(dest, List.of(new Target(dest, 0, a, settings.port())));
    }

    private record MxHost(String name, int preference) {
    }

    private Route viaMx(String destination, String domain, int port, boolean ipv4Only) {
        if (!DnsNames.isQueryable(domain)) {
            return new Route.Failure(destination, true, "5.1.2", "bad domain name " + domain);
        }
        DnsAnswer mx = ask(domain, RecordType.MX);
        switch (mx.status()) {
            case NXDOMAIN:
                return new Route.Failure(destination, true, "5.1.2", "Host or domain name not found. "
                        + "Name service error for name=" + domain + " type=MX: " + describe(mx));
            case NODATA:
                // RFC 5321 §5.1: no MX records at all -> the domain is its own implicit MX, preference 0.
                return viaHosts(destination, List.of(new MxHost(domain, 0)), port, ipv4Only, true);
            case OK:
                break;
            default: // SERVFAIL, REFUSED, TIMEOUT, ERROR: try again later
                return new Route.Failure(destination, false, "4.4.3", "Host or domain name not found. "
                        + "Name service error for name=" + domain + " type=MX: " + describe(mx));
        }
        List<MxHost> hosts = new ArrayList<>();
        for (String data : mx.data()) {
            // presentation form "<preference> <target>", the target "." for a null MX (DnsAnswer#data)
            String[] parts = data.split(" ", 2);
            hosts.add(new MxHost(parts[1], Integer.parseInt(parts[0])));
        }
        if (hosts.size() == 1 && hosts.get(0).name().equals(".")) {
            return new Route.Failure(destination, true, "5.1.10",
                    "Domain " + domain + " does not accept mail (null MX, RFC 7505)");
        }
        // A "." among other MX records breaks RFC 7505 §3; it names no host, so it is ignored.
        hosts.removeIf(h -> h.name().equals("."));
        return viaHosts(destination, sortAndShuffle(hosts), port, ipv4Only, true);
    }

    private List<MxHost> sortAndShuffle(List<MxHost> hosts) {
        List<MxHost> shuffled = new ArrayList<>(hosts);
        // Fisher-Yates first, then a stable sort by preference: equal preferences end up in random order.
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            MxHost tmp = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, tmp);
        }
        shuffled.sort(Comparator.comparingInt(MxHost::preference));
        return shuffled;
    }

    private Route viaHosts(String destination, List<MxHost> hosts, int port, boolean ipv4Only, boolean mx) {
        Integer own = mx ? settings.ownPreference() : null;
        if (mx) {
            for (MxHost h : hosts) {
                if (settings.ownNames().contains(DeliverySettings.hostKey(h.name()))) {
                    own = own == null ? h.preference() : Math.min(own, h.preference());
                }
            }
        }
        List<Target> ordered = new ArrayList<>();
        // DNS problems of hosts that gave no address at all, with their preference: only those better than the
        // relay's own preference matter in the end (hosts at or above it are not tried anyway).
        List<HostProblem> problems = new ArrayList<>();
        int cutoff = Integer.MAX_VALUE;
        for (MxHost h : hosts) {
            if (own != null && h.preference() >= own) {
                cutoff = own;
                break;
            }
            List<InetAddress> addresses = new ArrayList<>();
            InetAddress literal = IpLiteral.parse(h.name());
            if (literal != null) {
                addresses.add(literal);
            } else {
                HostAddresses found = addressesOf(h.name(), ipv4Only);
                addresses.addAll(found.addresses());
                if (found.addresses().isEmpty() && found.transientProblem() != null) {
                    problems.add(new HostProblem(h.preference(), true, found.transientProblem()));
                } else if (found.addresses().isEmpty() && found.problem() != null) {
                    problems.add(new HostProblem(h.preference(), false, found.problem()));
                }
            }
            if (mx && addresses.stream().anyMatch(settings.ownAddresses()::contains)) {
                // This MX host is the relay itself: it and everything at its preference or above must go,
                // including equal-preference hosts already taken (the relay cannot rank itself among equals).
                int p = h.preference();
                ordered.removeIf(t -> t.preference() >= p);
                cutoff = p;
                break;
            }
            if (ipv4Only) {
                addresses.removeIf(a -> !(a instanceof java.net.Inet4Address));
            }
            AddressPreference pref = ipv4Only ? AddressPreference.IPV4 : settings.addressPreference();
            for (InetAddress a : AddressOrder.forHost(addresses, pref, random)) {
                ordered.add(new Target(h.name(), h.preference(), a, port));
            }
        }
        if (!ordered.isEmpty()) {
            return new Route.Targets(destination, AddressOrder.cap(ordered, settings.mxAddressLimit()));
        }
        int limit = cutoff;
        List<HostProblem> better = problems.stream().filter(x -> x.preference() < limit).toList();
        // A DNS hiccup on the better MX hosts must never turn into a bounce, even when the rest is the relay.
        for (HostProblem x : better) {
            if (x.transientFailure()) {
                return new Route.Failure(destination, false, "4.4.3", x.text());
            }
        }
        if (better.isEmpty() && cutoff != Integer.MAX_VALUE) {
            // Postfix's wording and code: nothing better than the relay itself is left (RFC 5321 §5.1).
            return new Route.Failure(destination, true, "5.4.6", "mail for " + destination + " loops back to myself");
        }
        return new Route.Failure(destination, true, "5.4.4", !better.isEmpty() ? better.get(better.size() - 1).text()
                : "no usable address for " + destination);
    }

    private record HostProblem(int preference, boolean transientFailure, String text) {
    }

    private record HostAddresses(List<InetAddress> addresses, String transientProblem, String problem) {
    }

    private HostAddresses addressesOf(String host, boolean ipv4Only) {
        List<InetAddress> out = new ArrayList<>();
        if (!DnsNames.isQueryable(host)) {
            return new HostAddresses(out, null, "bad host name " + host);
        }
        String transientProblem = null;
        String problem = null;
        RecordType[] types = ipv4Only ? new RecordType[] {RecordType.A}
                : new RecordType[] {RecordType.AAAA, RecordType.A};
        for (RecordType type : types) {
            DnsAnswer a = ask(host, type);
            if (a.status() == DnsStatus.OK) {
                for (String address : a.data()) {
                    InetAddress parsed = IpLiteral.parse(address);
                    if (parsed != null) {
                        out.add(parsed);
                    }
                }
            } else if (a.status().isFailure()) {
                transientProblem = "Host or domain name not found. Name service error for name="
                        + host + " type=" + type + ": " + describe(a);
            } else {
                problem = "Host or domain name not found. Name service error for name="
                        + host + " type=" + type + ": " + describe(a);
            }
        }
        return new HostAddresses(out, transientProblem, problem);
    }

    private DnsAnswer ask(String name, RecordType type) {
        // DnsLookup's contract: the stage always completes normally, within the lookup's deadline
        return dns.lookup(name, type).toCompletableFuture().join();
    }

    /** The wording Postfix uses in its "Name service error" diagnostics. */
    private static String describe(DnsAnswer a) {
        return switch (a.status()) {
            case NXDOMAIN -> "Host not found";
            case NODATA -> "Host found but no data record of type " + a.type();
            default -> a.detail().isEmpty() ? a.status().toString() : a.detail();
        };
    }
}
