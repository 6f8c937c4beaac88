package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.IpAddresses;
import dev.mx20.relay.dns.RecordType;

import java.util.ArrayList;
import java.util.List;

/**
 * SPF (RFC 7208): one record, within the lookup limits, a real "all" policy, and, when the primary sends its
 * outbound mail through the relay (smarthost), authorising both of the relay's addresses.
 */
final class SpfCheck implements RelayCheck {
    @Override
    public void run(CheckContext ctx) {
        for (String d : ctx.config().domains()) {
            check(ctx, DnsNames.normalize(d));
        }
    }

    private void check(CheckContext ctx, String domain) {
        RelayConfig c = ctx.config();
        DnsAnswer txt = ctx.ask(domain, RecordType.TXT);
        if (txt.status().isFailure()) {
            ctx.lookupFailed(domain, txt, "SPF");
            return;
        }
        List<String> spf = txt.data().stream().filter(SpfEvaluator::isSpf).toList();
        ctx.ran(CheckCode.SPF_MISSING);
        if (spf.isEmpty()) {
            ctx.report(CheckCode.SPF_MISSING, c.smarthost() ? Severity.ERROR : Severity.INFO, domain,
                    "No SPF record" + (c.smarthost() ? ": receivers cannot tell the relay is allowed to send as "
                            + domain + "." : "."),
                    CheckContext.fqdn(domain) + " IN TXT \"" + suggested(ctx) + "\"", txt.evidence());
            return;
        }
        ctx.ran(CheckCode.SPF_MULTIPLE);
        if (spf.size() > 1) {
            ctx.report(CheckCode.SPF_MULTIPLE, domain,
                    spf.size() + " SPF records: that is a permanent error, receivers ignore them all (RFC 7208 §4.5).",
                    "Merge them into one record, e.g. \"" + suggested(ctx) + "\"", txt.evidence());
            return;
        }
        ctx.ran(CheckCode.SPF_TOO_MANY_LOOKUPS);
        ctx.ran(CheckCode.SPF_TOO_MANY_VOID_LOOKUPS);
        ctx.ran(CheckCode.SPF_SYNTAX);
        ctx.ran(CheckCode.SPF_ALL_POLICY);
        // 1. limits and syntax, whatever the client: an evaluation where nothing matches visits every term
        SpfEvaluator.Result full = SpfEvaluator.evaluate(ctx, domain, null);
        List<String> fullEvidence = new ArrayList<>(txt.evidence());
        fullEvidence.add("all terms: " + full.lookups() + " DNS-querying terms, " + full.voids() + " void lookups"
                + (full.notes().isEmpty() ? "" : "; " + String.join("; ", full.notes())));
        if (full.verdict() == SpfEvaluator.Verdict.PERMERROR) {
            String note = String.join("; ", full.notes());
            CheckCode code = note.contains("void lookups") ? CheckCode.SPF_TOO_MANY_VOID_LOOKUPS
                    : note.contains("DNS-querying terms") ? CheckCode.SPF_TOO_MANY_LOOKUPS : CheckCode.SPF_SYNTAX;
            ctx.report(code, domain, "The SPF record can give a permanent error: " + note
                            + ". Receivers that hit it treat the domain as having no usable SPF.",
                    code == CheckCode.SPF_SYNTAX ? "Fix the record's syntax (RFC 7208 §12)."
                            : "Flatten includes into ip4:/ip6: terms to stay within 10 lookups and 2 void lookups "
                            + "(RFC 7208 §4.6.4); remove terms naming hosts that do not exist.",
                    fullEvidence);
        } else if (full.verdict() != SpfEvaluator.Verdict.TEMPERROR) {
            reportAll(ctx, domain, SpfEvaluator.allQualifier(spf.get(0)), fullEvidence);
        }
        // 2. the relay's own addresses, when it sends the primary's mail
        if (!c.smarthost()) {
            return;
        }
        ctx.ran(CheckCode.SPF_RELAY_NOT_AUTHORISED);
        CheckContext.HostAddresses relay = ctx.addresses(c.relayHost());
        List<String> addresses = new ArrayList<>();
        if (c.relayIpv4() != null || relay.a().hasData()) {
            addresses.add(c.relayIpv4() != null ? c.relayIpv4() : relay.a().data().get(0));
        }
        if (c.relayIpv6() != null || relay.aaaa().hasData()) {
            addresses.add(c.relayIpv6() != null ? c.relayIpv6() : relay.aaaa().data().get(0));
        }
        for (String ip : addresses) {
            if (IpAddresses.parse(ip).isEmpty()) {
                continue;
            }
            SpfEvaluator.Result r = SpfEvaluator.evaluate(ctx, domain, ip);
            if (r.verdict() != SpfEvaluator.Verdict.PASS) {
                List<String> evidence = new ArrayList<>(txt.evidence());
                evidence.add("evaluated for " + ip + ": " + r.verdict() + ", " + r.lookups() + " lookups, "
                        + r.voids() + " void lookups" + (r.notes().isEmpty() ? "" : "; " + String.join("; ", r.notes())));
                String mech = IpAddresses.isIpv6(ip) ? "ip6:" + ip : "ip4:" + ip;
                ctx.report(CheckCode.SPF_RELAY_NOT_AUTHORISED, domain,
                        "The relay sends the primary's mail (smarthost) from " + ip + ", but SPF gives "
                                + r.verdict() + " for it: receivers may reject or junk that mail.",
                        "Add " + mech + " to the SPF record before the \"all\" term.", evidence);
            }
        }
    }

    private static void reportAll(CheckContext ctx, String domain, char all, List<String> evidence) {
        if (all == '-' || all == '~' || all == 'r') {
            return;
        }
        boolean open = all == '+';
        ctx.report(CheckCode.SPF_ALL_POLICY, open ? Severity.ERROR : Severity.WARNING, domain,
                open ? "The SPF record ends in \"+all\": it authorises every host on the internet."
                        : all == '?' ? "The SPF record ends in \"?all\": it says nothing about other senders."
                        : "The SPF record has no \"all\" term: other senders get a neutral result.",
                "End the record with \"-all\" (or \"~all\" while testing).", evidence);
    }

    private static String suggested(CheckContext ctx) {
        RelayConfig c = ctx.config();
        StringBuilder sb = new StringBuilder("v=spf1 mx");
        if (c.relayIpv4() != null) {
            sb.append(" ip4:").append(c.relayIpv4());
        }
        if (c.relayIpv6() != null) {
            sb.append(" ip6:").append(c.relayIpv6());
        }
        return sb.append(" -all").toString();
    }
}
