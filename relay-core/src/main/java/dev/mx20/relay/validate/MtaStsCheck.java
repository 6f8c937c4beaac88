package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.RecordType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MTA-STS (RFC 8461): when {@code _mta-sts.<domain>} is published, the policy's {@code mx} lines must cover the
 * primary and the relay, or senders enforcing the policy refuse to deliver to the one left out.
 */
final class MtaStsCheck implements RelayCheck {
    @Override
    public void run(CheckContext ctx) {
        for (String d : ctx.config().domains()) {
            check(ctx, DnsNames.normalize(d));
        }
    }

    private void check(CheckContext ctx, String domain) {
        DnsAnswer txt = ctx.ask("_mta-sts." + domain, RecordType.TXT);
        if (txt.status().isFailure()) {
            ctx.lookupFailed(domain, txt, "MTA-STS");
            return;
        }
        boolean published = txt.data().stream().anyMatch(t -> t.strip().startsWith("v=STSv1"));
        if (!published) {
            return; // MTA-STS is optional
        }
        ctx.ran(CheckCode.MTA_STS_POLICY_UNAVAILABLE);
        Optional<String> text;
        try {
            text = ctx.mtaSts().policy(domain);
        } catch (MtaStsPolicySource.PolicyUnavailableException e) {
            ctx.report(CheckCode.MTA_STS_POLICY_UNAVAILABLE, domain,
                    "MTA-STS is announced but the policy could not be fetched: " + e.getMessage() + ".",
                    "Serve the policy at https://mta-sts." + domain + "/.well-known/mta-sts.txt (RFC 8461 §3.3).",
                    txt.evidence());
            return;
        }
        if (text.isEmpty()) {
            ctx.report(CheckCode.MTA_STS_POLICY_UNAVAILABLE, Severity.INFO, domain,
                    "MTA-STS is announced but the policy was not " + (ctx.mtaSts().enabled() ? "supplied" : "fetched")
                            + ", so it was not compared with the MX records.",
                    "Supply the policy text, or enable the HTTPS fetch.", txt.evidence());
            return;
        }
        MtaStsPolicy policy = MtaStsPolicy.parse(text.get());
        List<String> evidence = new ArrayList<>(txt.evidence());
        text.get().lines().limit(20).forEach(l -> evidence.add("policy: " + l));
        ctx.ran(CheckCode.MTA_STS_POLICY_INVALID);
        if (!policy.problems().isEmpty()) {
            ctx.report(CheckCode.MTA_STS_POLICY_INVALID, domain,
                    "The MTA-STS policy is invalid: " + String.join("; ", policy.problems()) + ".",
                    "Fix the policy per RFC 8461 §3.2, e.g.:\nversion: STSv1\nmode: enforce\nmx: "
                            + DnsNames.normalize(ctx.config().primaryHost()) + "\nmx: "
                            + DnsNames.normalize(ctx.config().relayHost()) + "\nmax_age: 604800",
                    evidence);
        }
        if ("none".equals(policy.mode())) {
            return;
        }
        ctx.ran(CheckCode.MTA_STS_MX_NOT_LISTED);
        Severity severity = "enforce".equals(policy.mode()) ? Severity.ERROR : Severity.WARNING;
        for (String host : List.of(ctx.config().primaryHost(), ctx.config().relayHost())) {
            if (!policy.matches(host)) {
                ctx.report(CheckCode.MTA_STS_MX_NOT_LISTED, severity, domain,
                        "The MTA-STS policy (mode " + policy.mode() + ") does not list " + DnsNames.normalize(host)
                                + ": senders that enforce it refuse to deliver there (RFC 8461 §4.1).",
                        "Add the line \"mx: " + DnsNames.normalize(host) + "\" to the policy and change the id in "
                                + "_mta-sts." + domain + " TXT.",
                        evidence);
            }
        }
    }
}
