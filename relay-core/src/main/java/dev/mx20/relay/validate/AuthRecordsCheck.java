package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.RecordType;

import java.util.Locale;

/** DMARC (RFC 7489 §6.1) and DKIM keys (RFC 6376 §3.6.2): not the relay's job, but senders' mail needs them. */
final class AuthRecordsCheck implements RelayCheck {
    @Override
    public void run(CheckContext ctx) {
        RelayConfig c = ctx.config();
        for (String d : c.domains()) {
            String domain = DnsNames.normalize(d);
            ctx.ran(CheckCode.DMARC_MISSING);
            DnsAnswer dmarc = ctx.ask("_dmarc." + domain, RecordType.TXT);
            if (dmarc.status().isFailure()) {
                ctx.lookupFailed(domain, dmarc, "DMARC");
            } else if (dmarc.data().stream().noneMatch(t -> t.strip().toLowerCase(Locale.ROOT).startsWith("v=dmarc1"))) {
                ctx.report(CheckCode.DMARC_MISSING, domain,
                        "No DMARC record: large receivers (Gmail, Yahoo bulk-sender rules) expect one.",
                        "_dmarc." + domain + ". IN TXT \"v=DMARC1; p=none; rua=mailto:postmaster@" + domain + "\"",
                        dmarc.evidence());
            }
            if (c.dkimSelectors().isEmpty()) {
                ctx.report(CheckCode.DKIM_NOT_CHECKED, domain,
                        "DKIM was not checked: selectors cannot be discovered from DNS.",
                        "Give the selectors your signer uses to check their keys.", java.util.List.of());
                continue;
            }
            ctx.ran(CheckCode.DKIM_MISSING);
            for (String selector : c.dkimSelectors()) {
                String name = DnsNames.normalize(selector) + "._domainkey." + domain;
                DnsAnswer key = ctx.ask(name, RecordType.TXT);
                if (key.status().isFailure()) {
                    ctx.lookupFailed(domain, key, "a DKIM key");
                } else if (key.data().stream().noneMatch(t -> t.replace(" ", "").contains("p="))) {
                    ctx.report(CheckCode.DKIM_MISSING, domain,
                            "No DKIM key for selector " + selector + ".",
                            name + ". IN TXT \"v=DKIM1; k=rsa; p=<public key>\"", key.evidence());
                }
            }
        }
    }
}
