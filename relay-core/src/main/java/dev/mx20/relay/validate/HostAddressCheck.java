package dev.mx20.relay.validate;

import dev.mx20.relay.dns.AddressScope;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.IpAddresses;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Addresses: the primary has AAAA (IPv6-only by design or not), the relay is dual-stack and publishes the
 * addresses it is configured with, and every MX address is public.
 */
final class HostAddressCheck implements RelayCheck {
    @Override
    public void run(CheckContext ctx) {
        RelayConfig c = ctx.config();
        String primary = DnsNames.normalize(c.primaryHost());
        String relay = DnsNames.normalize(c.relayHost());

        CheckContext.HostAddresses p = ctx.addresses(primary);
        ctx.ran(CheckCode.PRIMARY_NO_AAAA);
        if (p.aaaa().status().isFailure()) {
            ctx.lookupFailed(primary, p.aaaa(), "the primary's IPv6 address");
        } else if (!p.aaaa().hasData()) {
            ctx.report(CheckCode.PRIMARY_NO_AAAA, primary,
                    "The primary " + primary + " has no AAAA record: IPv6 senders cannot reach it and the relay "
                            + "cannot forward to it over IPv6.",
                    CheckContext.fqdn(primary) + " IN AAAA <the primary's IPv6 address>", p.evidence());
        }
        primaryFamilies(ctx, c, primary, p);

        CheckContext.HostAddresses r = ctx.addresses(relay);
        ctx.ran(CheckCode.RELAY_NO_A);
        ctx.ran(CheckCode.RELAY_NO_AAAA);
        // A relay that is a plain backup MX (the operator says the primary is dual-stack, and DNS agrees) is not
        // the only path of either family: a missing family loses the backup path only, so a warning.
        boolean backupMx = c.intendsDualStackPrimary() && p.a().hasData() && p.aaaa().hasData();
        if (r.a().status().isFailure()) {
            ctx.lookupFailed(relay, r.a(), "the relay's IPv4 address");
        } else if (!r.a().hasData()) {
            String remedy = CheckContext.fqdn(relay) + " IN A "
                    + Optional.ofNullable(c.relayIpv4()).orElse("<the relay's IPv4 address>");
            if (backupMx) {
                ctx.report(CheckCode.RELAY_NO_A, Severity.WARNING, relay,
                        "The relay " + relay + " has no A record. The primary is dual-stack, so IPv4 senders "
                                + "reach it directly, but while it is down they have no backup MX to queue at.",
                        remedy, r.evidence());
            } else {
                ctx.report(CheckCode.RELAY_NO_A, relay,
                        "The relay " + relay + " has no A record: IPv4-only senders, the reason the relay exists, "
                                + "cannot reach it.",
                        remedy, r.evidence());
            }
        }
        if (r.aaaa().status().isFailure()) {
            ctx.lookupFailed(relay, r.aaaa(), "the relay's IPv6 address");
        } else if (!r.aaaa().hasData()) {
            String remedy = CheckContext.fqdn(relay) + " IN AAAA "
                    + Optional.ofNullable(c.relayIpv6()).orElse("<the relay's IPv6 address>");
            if (backupMx) {
                ctx.report(CheckCode.RELAY_NO_AAAA, Severity.WARNING, relay,
                        "The relay " + relay + " has no AAAA record. The primary is dual-stack, so the relay can "
                                + "forward to it over IPv4, but IPv6-only senders have no backup MX while the "
                                + "primary is down.",
                        remedy, r.evidence());
            } else {
                ctx.report(CheckCode.RELAY_NO_AAAA, relay,
                        "The relay " + relay + " has no AAAA record. It must be dual-stack: it forwards to the "
                                + "IPv6-only primary over IPv6.",
                        remedy, r.evidence());
            }
        }
        ctx.ran(CheckCode.RELAY_ADDRESS_NOT_PUBLISHED);
        configuredNotPublished(ctx, relay, c.relayIpv4(), r.a().data(), "A", r);
        configuredNotPublished(ctx, relay, c.relayIpv6(), r.aaaa().data(), "AAAA", r);

        checkScopes(ctx);
    }

    /**
     * Which families the primary has, against what the operator intends ({@link RelayConfig#primaryIpv6Only()}).
     * The fact is always reported as info; it becomes a warning when it contradicts the intent. Unsaid intent:
     * info only, since either design is legitimate.
     */
    private static void primaryFamilies(CheckContext ctx, RelayConfig c, String primary, CheckContext.HostAddresses p) {
        if (!p.aaaa().hasData()) {
            return; // PRIMARY_NO_AAAA (or the failed lookup) says it
        }
        boolean intentSaid = c.primaryIpv6Only() != null;
        if (p.a().status().isFailure()) {
            if (intentSaid) {
                ctx.lookupFailed(primary, p.a(), "whether the primary is IPv6-only as configured");
            }
            return;
        }
        if (intentSaid) {
            ctx.ran(CheckCode.PRIMARY_HAS_IPV4);
            ctx.ran(CheckCode.PRIMARY_IPV6_ONLY);
        }
        String name = CheckContext.fqdn(primary);
        if (p.a().hasData()) {
            if (c.intendsIpv6OnlyPrimary()) {
                ctx.report(CheckCode.PRIMARY_HAS_IPV4, Severity.WARNING, primary,
                        "The primary is configured as IPv6-only but publishes A records ("
                                + String.join(", ", p.a().data()) + "): IPv4 senders connect to it directly and "
                                + "bypass the relay, and if nothing listens there for mail their messages wait in "
                                + "their queues until they give up on that address.",
                        "Remove the primary's A records (" + p.a().data().stream().map(a -> name + " IN A " + a)
                                .collect(Collectors.joining(", "))
                                + "), or, if the primary really receives mail over IPv4, set primaryIpv6Only to false.",
                        p.evidence());
            } else {
                ctx.report(CheckCode.PRIMARY_HAS_IPV4, primary,
                        "The primary is dual-stack (it has A records too): IPv4 senders reach it directly and the "
                                + "relay is a backup MX rather than the IPv4 path.",
                        "", p.evidence());
            }
        } else if (c.intendsDualStackPrimary()) {
            ctx.report(CheckCode.PRIMARY_IPV6_ONLY, Severity.WARNING, primary,
                    "The primary is configured as dual-stack but has no A record: it is IPv6-only, so every IPv4-only "
                            + "sender depends on the relay, which then is the IPv4 path, not a backup.",
                    name + " IN A <the primary's IPv4 address>, or, if the primary is IPv6-only by design, set "
                            + "primaryIpv6Only to true.",
                    p.evidence());
        } else {
            ctx.report(CheckCode.PRIMARY_IPV6_ONLY, primary,
                    "The primary is IPv6-only: every IPv4-only sender depends on the relay.",
                    "", p.evidence());
        }
    }

    private static void configuredNotPublished(CheckContext ctx, String relay, String configured, List<String> published,
                                               String type, CheckContext.HostAddresses r) {
        if (configured == null || published.isEmpty()) {
            return;
        }
        String canonical = IpAddresses.canonical(configured).orElse(configured);
        if (!published.contains(canonical)) {
            ctx.report(CheckCode.RELAY_ADDRESS_NOT_PUBLISHED, relay,
                    "The relay is configured with " + canonical + " but DNS publishes " + String.join(", ", published)
                            + ": senders connect to an address the relay may not listen on.",
                    CheckContext.fqdn(relay) + " IN " + type + " " + canonical, r.evidence());
        }
    }

    /** Every address of every MX host (and the relay's configured ones) must be reachable from the internet. */
    private void checkScopes(CheckContext ctx) {
        RelayConfig c = ctx.config();
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add(DnsNames.normalize(c.primaryHost()));
        hosts.add(DnsNames.normalize(c.relayHost()));
        for (String domain : c.domains()) {
            ctx.mx(domain).ifPresent(list -> list.stream().filter(m -> !m.isNull())
                    .filter(m -> !IpAddresses.isLiteral(m.host()))
                    .forEach(m -> hosts.add(DnsNames.normalize(m.host()))));
        }
        ctx.ran(CheckCode.MX_ADDRESS_NOT_PUBLIC);
        Set<String> seen = new LinkedHashSet<>();
        for (String host : hosts) {
            CheckContext.HostAddresses addrs = ctx.addresses(host);
            for (String address : addrs.all()) {
                if (seen.add(address)) {
                    scope(ctx, host, address, addrs.evidence());
                }
            }
        }
        for (String configured : new String[]{c.relayIpv4(), c.relayIpv6()}) {
            if (configured != null && seen.add(IpAddresses.canonical(configured).orElse(configured))) {
                scope(ctx, DnsNames.normalize(c.relayHost()), configured, List.of("configured relay address " + configured));
            }
        }
    }

    private static void scope(CheckContext ctx, String host, String address, List<String> evidence) {
        AddressScope scope = IpAddresses.scope(address);
        if (scope == AddressScope.PUBLIC) {
            return;
        }
        if (scope == AddressScope.DOCUMENTATION) {
            ctx.report(CheckCode.MX_ADDRESS_DOCUMENTATION, host,
                    address + " is a documentation address (RFC 3849 / RFC 5737): fine for planning, "
                            + "but nobody can deliver to it.",
                    "Replace it with the host's real public address before publishing.", evidence);
            return;
        }
        ctx.report(CheckCode.MX_ADDRESS_NOT_PUBLIC, host,
                address + " (" + scope + ") is not reachable from the internet: senders that pick it fail or "
                        + "deliver to whatever answers on their own network.",
                "Publish only the host's public addresses; remove the record with " + address + ".", evidence);
    }
}
