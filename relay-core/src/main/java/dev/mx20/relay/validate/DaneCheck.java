package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.IpAddresses;
import dev.mx20.relay.dns.RecordType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * DANE (RFC 7672): when one MX publishes TLSA at {@code _25._tcp.<host>}, every MX should, or DANE senders get
 * authenticated TLS on one path only. This check does not validate DNSSEC (the answer's AD bit): it compares
 * what is published.
 */
final class DaneCheck implements RelayCheck {
    @Override
    public void run(CheckContext ctx) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String d : ctx.config().domains()) {
            ctx.mx(d).ifPresent(list -> list.stream().filter(m -> !m.isNull() && !IpAddresses.isLiteral(m.host()))
                    .forEach(m -> hosts.add(DnsNames.normalize(m.host()))));
        }
        if (hosts.size() < 2) {
            return;
        }
        List<String> with = new ArrayList<>();
        List<String> without = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (String host : hosts) {
            DnsAnswer tlsa = ctx.ask("_25._tcp." + host, RecordType.TLSA);
            evidence.addAll(tlsa.evidence());
            if (tlsa.status().isFailure()) {
                // RFC 7672 §2.2.1: a failed TLSA lookup makes DANE senders defer mail to that MX.
                ctx.lookupFailed(host, tlsa, "DANE TLSA");
            } else if (tlsa.hasData()) {
                with.add(host);
            } else {
                without.add(host);
            }
        }
        ctx.ran(CheckCode.DANE_PARTIAL);
        if (!with.isEmpty() && !without.isEmpty()) {
            ctx.report(CheckCode.DANE_PARTIAL, String.join(", ", without),
                    "DANE TLSA is published for " + with + " but not for " + without
                            + ": the path without TLSA is not authenticated for DANE senders.",
                    "Publish TLSA for every MX, e.g. _25._tcp." + without.get(0) + ". IN TLSA 3 1 1 <sha256 of the "
                            + "certificate's public key>",
                    evidence);
        }
    }
}
