package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.RecordType;

import java.util.ArrayList;
import java.util.List;

/**
 * At least two name servers (RFC 2182 §5), and at least two reachable over IPv6: an IPv6-only resolver
 * cannot find the domain's MX at all otherwise.
 */
final class NameServerCheck implements RelayCheck {
    @Override
    public void run(CheckContext ctx) {
        for (String d : ctx.config().domains()) {
            check(ctx, DnsNames.normalize(d));
        }
    }

    private void check(CheckContext ctx, String domain) {
        // The mail domain need not be a zone apex: walk up to the closest enclosing zone's NS set.
        String zone = domain;
        DnsAnswer ns = ctx.ask(zone, RecordType.NS);
        while (!ns.hasData() && !ns.status().isFailure() && zone.indexOf('.') > 0
                && zone.indexOf('.') != zone.lastIndexOf('.')) {
            zone = zone.substring(zone.indexOf('.') + 1);
            ns = ctx.ask(zone, RecordType.NS);
        }
        if (ns.status().isFailure()) {
            ctx.lookupFailed(domain, ns, "the name servers");
            return;
        }
        ctx.ran(CheckCode.NS_TOO_FEW);
        if (ns.data().size() < 2) {
            ctx.report(CheckCode.NS_TOO_FEW, zone,
                    "The zone " + zone + " has " + ns.data().size() + " name server(s); one outage makes the MX "
                            + "unresolvable and senders defer or bounce.",
                    "Publish at least two name servers on different networks (RFC 2182 §5).", ns.evidence());
        }
        ctx.ran(CheckCode.NS_IPV6_TOO_FEW);
        List<String> evidence = new ArrayList<>(ns.evidence());
        int withAaaa = 0;
        for (String server : ns.data()) {
            DnsAnswer aaaa = ctx.ask(server, RecordType.AAAA);
            evidence.addAll(aaaa.evidence());
            if (aaaa.hasData()) {
                withAaaa++;
            }
        }
        if (withAaaa < 2) {
            ctx.report(CheckCode.NS_IPV6_TOO_FEW, zone,
                    "Only " + withAaaa + " name server(s) of " + zone + " have an IPv6 address: IPv6-only "
                            + "resolvers depend on " + (withAaaa == 0 ? "none" : "a single one") + ".",
                    "Give at least two name servers AAAA records (and glue at the parent).", evidence);
        }
    }
}
