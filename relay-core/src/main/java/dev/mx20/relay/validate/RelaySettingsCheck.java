package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.IpAddresses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Settings of the relay itself: recipient list, open relay, forward target, queue lifetime, size limit. */
final class RelaySettingsCheck implements RelayCheck {
    /** RFC 5321 §4.5.4.1: "the give-up time generally needs to be at least 4-5 days". */
    static final Duration MIN_QUEUE_LIFETIME = Duration.ofDays(4);

    @Override
    public void run(CheckContext ctx) {
        recipients(ctx);
        openRelay(ctx);
        forwardTarget(ctx);
        queueAndSize(ctx);
    }

    private void recipients(CheckContext ctx) {
        RelayConfig c = ctx.config();
        ctx.ran(CheckCode.RECIPIENTS_MISSING);
        boolean none = c.recipients().isEmpty() && (c.recipientCount() == null || c.recipientCount() <= 0);
        if (none) {
            ctx.report(CheckCode.RECIPIENTS_MISSING, c.relayHost(),
                    "The relay has no list of valid recipients. It must then accept any address and bounce the "
                            + "unknown ones later, to senders that are mostly forged: backscatter, which gets the "
                            + "relay blocklisted (an accepted message must be delivered or bounced, RFC 5321 §6.1).",
                    "Give the relay the primary's recipient list (or a recipient-verification callout) so it "
                            + "refuses unknown recipients with 550 5.1.1 during the SMTP dialogue.",
                    List.of("recipients=[]", "recipientCount=" + c.recipientCount()));
        }
        ctx.ran(CheckCode.RECIPIENTS_WILDCARD);
        ctx.ran(CheckCode.RECIPIENT_OUTSIDE_DOMAINS);
        List<String> wildcards = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        for (String r : c.recipients()) {
            String addr = r.strip().toLowerCase(Locale.ROOT);
            int at = addr.lastIndexOf('@');
            String local = at < 0 ? addr : addr.substring(0, at);
            String domain = at < 0 ? "" : addr.substring(at + 1);
            if (local.isEmpty() || local.equals("*") || local.contains("*")) {
                wildcards.add(r);
            }
            if (c.domains().stream().noneMatch(d -> DnsNames.normalize(d).equals(DnsNames.normalize(domain)))) {
                outside.add(r);
            }
        }
        if (!wildcards.isEmpty()) {
            ctx.report(CheckCode.RECIPIENTS_WILDCARD, c.relayHost(),
                    "The recipient list contains a catch-all (" + wildcards.get(0) + "): the relay accepts every "
                            + "address and bounces the unknown ones later (backscatter).",
                    "List the real mailboxes and aliases instead of a wildcard.", limit(wildcards));
        }
        if (!outside.isEmpty()) {
            ctx.report(CheckCode.RECIPIENT_OUTSIDE_DOMAINS, c.relayHost(),
                    outside.size() + " recipient(s) are not in the relayed domains " + c.domains() + ".",
                    "Remove them, or add their domain to the configuration and its MX records.", limit(outside));
        }
    }

    private void openRelay(CheckContext ctx) {
        RelayConfig c = ctx.config();
        ctx.ran(CheckCode.OPEN_RELAY);
        for (String network : c.relayNetworks()) {
            String[] parts = network.strip().split("/", 2);
            boolean v4 = IpAddresses.isIpv4(parts[0]);
            int bits;
            try {
                bits = parts.length == 2 ? Integer.parseInt(parts[1]) : (v4 ? 32 : 128);
            } catch (NumberFormatException e) {
                bits = -1;
            }
            boolean world = bits == 0;
            // a client network wider than a /8 (IPv4) or /16 (IPv6) is not "our own hosts"
            boolean tooWide = bits >= 0 && (v4 ? bits < 8 : bits < 16);
            if (world || tooWide || !IpAddresses.isLiteral(parts[0]) || bits < 0) {
                ctx.report(CheckCode.OPEN_RELAY, c.relayHost(),
                        "Clients in " + network + " may relay mail to any destination: "
                                + (world ? "that is everyone, an open relay." : "far wider than the primary's own hosts."),
                        "Restrict relaying to the primary's addresses, e.g. its /128 and the relay's loopback.",
                        List.of("relayNetworks=" + c.relayNetworks()));
            }
        }
    }

    private void forwardTarget(CheckContext ctx) {
        RelayConfig c = ctx.config();
        if (c.routing() != RoutingMode.STATIC_PRIMARY) {
            return;
        }
        ctx.ran(CheckCode.FORWARD_TARGET_IS_RELAY);
        ctx.ran(CheckCode.FORWARD_TARGET_NOT_PRIMARY);
        String target = c.forwardTarget() == null ? "" : DnsNames.normalize(c.forwardTarget());
        String relay = DnsNames.normalize(c.relayHost());
        String primary = DnsNames.normalize(c.primaryHost());
        List<String> evidence = List.of("routing=STATIC_PRIMARY", "forwardTarget=" + c.forwardTarget());
        CheckContext.HostAddresses relayAddrs = ctx.addresses(relay);
        String canonicalTarget = IpAddresses.canonical(target).orElse(target);
        boolean isRelay = target.equals(relay) || relayAddrs.all().contains(canonicalTarget)
                || canonicalTarget.equals(c.relayIpv4() == null ? null : IpAddresses.canonical(c.relayIpv4()).orElse(null))
                || canonicalTarget.equals(c.relayIpv6() == null ? null : IpAddresses.canonical(c.relayIpv6()).orElse(null));
        if (isRelay) {
            ctx.report(CheckCode.FORWARD_TARGET_IS_RELAY, relay,
                    "The relay forwards to itself: every message loops until its hop count runs out and bounces.",
                    "Set the forward target to the primary, " + primary + ".", evidence);
            return;
        }
        boolean isPrimary = target.equals(primary) || ctx.addresses(primary).all().contains(canonicalTarget);
        if (!isPrimary) {
            ctx.report(CheckCode.FORWARD_TARGET_NOT_PRIMARY, relay,
                    "The relay forwards to " + (target.isEmpty() ? "nothing" : target) + ", which is not the primary "
                            + primary + ".",
                    "Set the forward target to " + primary + ".", evidence);
        }
    }

    private void queueAndSize(CheckContext ctx) {
        RelayConfig c = ctx.config();
        if (c.queueLifetime() != null) {
            ctx.ran(CheckCode.QUEUE_LIFETIME_SHORT);
            if (c.queueLifetime().compareTo(MIN_QUEUE_LIFETIME) < 0) {
                ctx.report(CheckCode.QUEUE_LIFETIME_SHORT, c.relayHost(),
                        "The relay gives up after " + c.queueLifetime().toHours() + " hours: a primary outage over a "
                                + "long weekend bounces mail. RFC 5321 §4.5.4.1 wants at least 4-5 days.",
                        "Set the queue lifetime to 5 days (postfix: maximal_queue_lifetime = 5d).",
                        List.of("queueLifetime=" + c.queueLifetime()));
            }
        }
        if (c.relaySizeLimit() != null && c.primarySizeLimit() != null) {
            ctx.ran(CheckCode.SIZE_LIMIT_ABOVE_PRIMARY);
            if (c.relaySizeLimit() > c.primarySizeLimit()) {
                ctx.report(CheckCode.SIZE_LIMIT_ABOVE_PRIMARY, c.relayHost(),
                        "The relay accepts messages up to " + c.relaySizeLimit() + " bytes but the primary only "
                                + c.primarySizeLimit() + ": the relay accepts (250) what it can never deliver and "
                                + "must bounce it later instead of refusing it at SIZE (RFC 1870).",
                        "Set the relay's size limit to at most " + c.primarySizeLimit()
                                + " (postfix: message_size_limit).",
                        List.of("relaySizeLimit=" + c.relaySizeLimit(), "primarySizeLimit=" + c.primarySizeLimit()));
            }
        }
    }

    private static List<String> limit(List<String> items) {
        return items.size() <= 20 ? items : items.subList(0, 20);
    }
}
