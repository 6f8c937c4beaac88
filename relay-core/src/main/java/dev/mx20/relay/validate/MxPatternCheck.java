package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.IpAddresses;
import dev.mx20.relay.dns.RecordType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The MX 20 pattern itself: two MX, the primary preferred, the relay after it, sane targets. */
final class MxPatternCheck implements RelayCheck {
    @Override
    public void run(CheckContext ctx) {
        RelayConfig c = ctx.config();
        ctx.ran(CheckCode.MX_PRIMARY_IS_RELAY);
        if (DnsNames.normalize(c.primaryHost()).equals(DnsNames.normalize(c.relayHost()))) {
            ctx.report(CheckCode.MX_PRIMARY_IS_RELAY, c.relayHost(),
                    "The primary and the relay are the same host, so there is no second path for mail.",
                    "Use a separate dual-stack host as relay, e.g. relay." + c.domains().get(0) + ".",
                    List.of("primaryHost=" + c.primaryHost(), "relayHost=" + c.relayHost()));
        }
        ctx.ran(CheckCode.MX_RELAY_PREFERENCE_NOT_HIGHER);
        if (c.relayPreference() <= c.primaryPreference()) {
            ctx.report(CheckCode.MX_RELAY_PREFERENCE_NOT_HIGHER, c.relayHost(),
                    "The configured relay preference " + c.relayPreference() + " is not greater than the primary's "
                            + c.primaryPreference() + ". A relay discards every MX with a preference equal to or "
                            + "higher than its own (RFC 5321 §5.1), so it would find no target and bounce.",
                    "Give the relay a greater preference than the primary, e.g. primary 10, relay 20.",
                    List.of("primaryPreference=" + c.primaryPreference(), "relayPreference=" + c.relayPreference()));
        }
        for (String domain : c.domains()) {
            checkDomain(ctx, DnsNames.normalize(domain));
        }
    }

    private void checkDomain(CheckContext ctx, String domain) {
        RelayConfig c = ctx.config();
        String primary = DnsNames.normalize(c.primaryHost());
        String relay = DnsNames.normalize(c.relayHost());
        // the records to publish: the configured preferences, corrected when they break the pattern themselves
        int primaryPref = c.primaryPreference();
        int relayPref = c.relayPreference();
        if (relayPref <= primaryPref) {
            if (primaryPref >= 65535 - 10) {
                primaryPref = 10;
            }
            relayPref = primaryPref + 10;
        }
        String wanted = CheckContext.fqdn(domain) + " IN MX " + primaryPref + " " + CheckContext.fqdn(primary)
                + "\n" + CheckContext.fqdn(domain) + " IN MX " + relayPref + " " + CheckContext.fqdn(relay);

        DnsAnswer answer = ctx.ask(domain, RecordType.MX);
        ctx.ran(CheckCode.MX_LOOKUP_FAILED);
        if (answer.status().isFailure()) {
            ctx.report(CheckCode.MX_LOOKUP_FAILED, domain,
                    "The MX lookup failed (" + answer.status() + "): senders will defer mail for " + domain
                            + " and eventually bounce it.",
                    "Fix the authoritative name servers of " + domain + " so they answer MX queries.",
                    answer.evidence());
            return;
        }
        List<MxRecord> records = answer.data().stream().map(MxRecord::parse).flatMap(Optional::stream).toList();
        ctx.ran(CheckCode.MX_MISSING);
        if (records.isEmpty()) {
            List<String> evidence = new ArrayList<>(answer.evidence());
            evidence.addAll(ctx.addresses(domain).evidence());
            ctx.report(CheckCode.MX_MISSING, domain,
                    "No MX record. Senders fall back to the domain's own address (implicit MX, RFC 5321 §5.1), "
                            + "which IPv4-only senders cannot reach when it has only AAAA, and some receivers "
                            + "(Gmail: \"No MX record\") refuse such a domain outright.",
                    "Publish the pattern:\n" + wanted, evidence);
            return;
        }
        ctx.ran(CheckCode.MX_NULL_WITH_OTHERS);
        ctx.ran(CheckCode.MX_NULL);
        boolean hasNull = records.stream().anyMatch(MxRecord::isNull);
        if (hasNull && records.size() > 1) {
            ctx.report(CheckCode.MX_NULL_WITH_OTHERS, domain,
                    "A null MX (\"0 .\", the domain accepts no mail) is published beside real MX records; "
                            + "RFC 7505 §3 forbids mixing them and senders may treat the domain as refusing mail.",
                    "Delete the record " + CheckContext.fqdn(domain) + " IN MX 0 .", answer.evidence());
        } else if (hasNull) {
            ctx.report(CheckCode.MX_NULL, domain,
                    "The domain publishes a null MX: it declares it accepts no mail at all (RFC 7505).",
                    "Replace the null MX with the pattern:\n" + wanted, answer.evidence());
            return;
        }
        List<MxRecord> real = records.stream().filter(r -> !r.isNull()).toList();
        ctx.ran(CheckCode.MX_TOO_FEW);
        if (real.size() < 2) {
            ctx.report(CheckCode.MX_TOO_FEW, domain,
                    "Only " + real.size() + " MX record: there is no second path, so IPv4-only senders cannot "
                            + "reach an IPv6-only primary.",
                    "Publish both MX records:\n" + wanted, answer.evidence());
        }
        Optional<MxRecord> primaryMx = real.stream().filter(r -> DnsNames.normalize(r.host()).equals(primary)).findFirst();
        Optional<MxRecord> relayMx = real.stream().filter(r -> DnsNames.normalize(r.host()).equals(relay)).findFirst();
        ctx.ran(CheckCode.MX_PRIMARY_NOT_PUBLISHED);
        if (primaryMx.isEmpty()) {
            ctx.report(CheckCode.MX_PRIMARY_NOT_PUBLISHED, domain,
                    "The primary " + primary + " is not among the MX records of " + domain + ".",
                    "Add: " + CheckContext.fqdn(domain) + " IN MX " + c.primaryPreference() + " " + CheckContext.fqdn(primary),
                    answer.evidence());
        }
        ctx.ran(CheckCode.MX_RELAY_NOT_PUBLISHED);
        if (relayMx.isEmpty()) {
            ctx.report(CheckCode.MX_RELAY_NOT_PUBLISHED, domain,
                    "The relay " + relay + " is not among the MX records of " + domain
                            + ": IPv4-only senders never reach it.",
                    "Add: " + CheckContext.fqdn(domain) + " IN MX " + c.relayPreference() + " " + CheckContext.fqdn(relay),
                    answer.evidence());
        }
        if (primaryMx.isPresent() && relayMx.isPresent()) {
            int p = primaryMx.get().preference();
            int r = relayMx.get().preference();
            if (r <= p) {
                ctx.report(CheckCode.MX_RELAY_PREFERENCE_NOT_HIGHER, domain,
                        "The published relay preference " + r + " is not greater than the primary's " + p
                                + ". The relay discards every MX with a preference equal to or higher than its own "
                                + "(RFC 5321 §5.1): it finds no target and bounces every message.",
                        "Publish instead:\n" + wanted, answer.evidence());
            }
            // Another host preferred over the relay would also receive the relay's forwarded mail.
            for (MxRecord other : real) {
                String h = DnsNames.normalize(other.host());
                if (!h.equals(primary) && !h.equals(relay) && other.preference() < r
                        && c.routing() == RoutingMode.MX_LOOKUP) {
                    ctx.report(CheckCode.MX_OTHER_PREFERRED_OVER_RELAY, domain,
                            "The MX " + h + " (preference " + other.preference() + ") is also preferred over the "
                                    + "relay, so the relay may forward mail there instead of to the primary.",
                            "Remove it, or give it a preference greater than the relay's " + r + ".",
                            answer.evidence());
                }
            }
        }
        ctx.ran(CheckCode.MX_OTHER_PREFERRED_OVER_RELAY);
        ctx.ran(CheckCode.MX_PREFERENCE_MISMATCH);
        primaryMx.filter(m -> m.preference() != c.primaryPreference()).ifPresent(m -> ctx.report(
                CheckCode.MX_PREFERENCE_MISMATCH, domain,
                "The primary is published with preference " + m.preference() + " but configured with "
                        + c.primaryPreference() + ".",
                "Make the configuration and DNS agree.", answer.evidence()));
        relayMx.filter(m -> m.preference() != c.relayPreference()).ifPresent(m -> ctx.report(
                CheckCode.MX_PREFERENCE_MISMATCH, domain,
                "The relay is published with preference " + m.preference() + " but configured with "
                        + c.relayPreference() + ".",
                "Make the configuration and DNS agree.", answer.evidence()));

        for (MxRecord mx : real) {
            checkTarget(ctx, domain, mx);
        }
    }

    private void checkTarget(CheckContext ctx, String domain, MxRecord mx) {
        ctx.ran(CheckCode.MX_TARGET_IP_LITERAL);
        // dnsjava renders "10 192.0.2.1." as host "192.0.2.1": a name that reads as an address
        if (IpAddresses.isLiteral(mx.host())) {
            ctx.report(CheckCode.MX_TARGET_IP_LITERAL, domain,
                    "The MX target " + mx.host() + " is an IP address, not a host name. An MX names a host "
                            + "(RFC 5321 §5.1); senders look it up as a name and fail.",
                    "Point the MX at a host name with A/AAAA records, e.g. mx" + mx.preference() + "."
                            + domain + ". IN A/AAAA " + mx.host(),
                    List.of(mx.toString()));
            return;
        }
        CheckContext.HostAddresses addrs = ctx.addresses(mx.host());
        ctx.ran(CheckCode.MX_TARGET_CNAME);
        if (addrs.isAlias()) {
            ctx.report(CheckCode.MX_TARGET_CNAME, domain,
                    "The MX target " + mx.host() + " is an alias (CNAME). MX records must point to the "
                            + "canonical name (RFC 2181 §10.3, RFC 5321 §5.1); some senders refuse or loop.",
                    "Point the MX at the canonical host name instead, or replace the CNAME with A/AAAA records.",
                    addrs.evidence());
        }
        ctx.ran(CheckCode.MX_TARGET_NO_ADDRESS);
        if (addrs.all().isEmpty()) {
            if (addrs.anyFailed()) {
                ctx.lookupFailed(domain, addrs.a().status().isFailure() ? addrs.a() : addrs.aaaa(),
                        "the addresses of MX " + mx.host());
            } else {
                ctx.report(CheckCode.MX_TARGET_NO_ADDRESS, domain,
                        "The MX target " + mx.host() + " has neither an A nor an AAAA record: nobody can deliver to it.",
                        "Add the host's addresses, e.g. " + CheckContext.fqdn(mx.host()) + " IN AAAA <address>",
                        addrs.evidence());
            }
        }
    }
}
