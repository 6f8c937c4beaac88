package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.IpAddresses;
import dev.mx20.relay.dns.RecordType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Optional active probes ({@link ProbeOptions}): every MX address answers on port 25 over its own family, and
 * the relay accepts a known recipient and postmaster and refuses an unknown one at RCPT time.
 */
final class ActiveProbeCheck implements RelayCheck {
    @Override
    public void run(CheckContext ctx) {
        ProbeOptions options = ctx.probes();
        if (!options.enabled()) {
            return;
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String d : ctx.config().domains()) {
            ctx.mx(d).ifPresent(list -> list.stream().filter(m -> !m.isNull() && !IpAddresses.isLiteral(m.host()))
                    .forEach(m -> hosts.add(DnsNames.normalize(m.host()))));
        }
        ctx.ran(CheckCode.PROBE_MX_UNREACHABLE);
        ctx.ran(CheckCode.PROBE_GREETING_NAME_MISMATCH);
        String relay = DnsNames.normalize(ctx.config().relayHost());
        if (hosts.contains(relay)) {
            ctx.ran(CheckCode.PROBE_GREETING_NOT_PTR);
        }
        for (String host : hosts) {
            for (String address : ctx.addresses(host).all()) {
                SmtpProbe.Result r = SmtpProbe.run(address, options, List.of());
                String family = IpAddresses.isIpv6(address) ? "IPv6" : "IPv4";
                if (!r.connected()) {
                    ctx.report(CheckCode.PROBE_MX_UNREACHABLE, host,
                            "The MX " + host + " does not answer SMTP on " + address + " port " + options.port()
                                    + " (" + family + "): " + r.error() + ". Senders that pick this address defer.",
                            "Open port " + options.port() + " on " + address + ", or remove the "
                                    + (family.equals("IPv6") ? "AAAA" : "A") + " record " + host + " -> " + address + ".",
                            List.of(address + ":" + options.port() + " " + r.error()));
                } else {
                    String name = greetingName(r.ehloReply());
                    if (!name.equals(host)) {
                        ctx.report(CheckCode.PROBE_GREETING_NAME_MISMATCH, host,
                                "The server at " + address + " (MX " + host + ") calls itself " + name + ".",
                                "Make the SMTP greeting name of " + address + " its MX host name " + host
                                        + " (postfix: myhostname).",
                                List.of(address + " EHLO reply: " + firstLine(r.ehloReply())));
                    }
                    if (host.equals(relay)) {
                        comparePtr(ctx, host, address, name, r.ehloReply());
                    }
                }
            }
        }
        probeRecipients(ctx, options);
    }

    /**
     * The relay sends with the name it greets with (one host name for banner and EHLO, as Postfix's myhostname),
     * and receivers compare a client's EHLO name with the PTR of its address (RFC 5321 §4.1.4 allows them to
     * check; Gmail and others do). The static HELO_NAME_MISMATCH compares the configured name; this compares the
     * name the server actually uses. No PTR, or a failed lookup, is left to the reverse-DNS checks.
     */
    private static void comparePtr(CheckContext ctx, String host, String address, String greeting, String ehlo) {
        String ip = IpAddresses.canonical(address).orElse(null);
        if (ip == null) {
            return;
        }
        DnsAnswer ptr = ctx.ask(IpAddresses.reverseName(ip), RecordType.PTR);
        if (!ptr.hasData() || ptr.data().stream().map(DnsNames::normalize).anyMatch(greeting::equalsIgnoreCase)) {
            return;
        }
        List<String> evidence = new ArrayList<>(ptr.evidence());
        evidence.add(address + " EHLO reply: " + firstLine(ehlo));
        ctx.report(CheckCode.PROBE_GREETING_NOT_PTR, host,
                "The relay at " + ip + " greets as " + greeting + " but the PTR of " + ip + " names "
                        + String.join(", ", ptr.data()) + "; it uses the same name in EHLO when it sends, and "
                        + "receivers compare the two.",
                "Make the relay's host name (postfix: myhostname) the PTR name " + DnsNames.normalize(ptr.data().get(0))
                        + ", or publish " + IpAddresses.reverseName(ip) + ". IN PTR " + CheckContext.fqdn(greeting),
                evidence);
    }

    private void probeRecipients(CheckContext ctx, ProbeOptions options) {
        RelayConfig c = ctx.config();
        CheckContext.HostAddresses relay = ctx.addresses(c.relayHost());
        List<String> addresses = relay.all();
        if (addresses.isEmpty()) {
            return;
        }
        String domain = DnsNames.normalize(c.domains().get(0));
        String known = c.recipients().stream().filter(r -> !r.contains("*") && r.contains("@")).findFirst().orElse(null);
        String unknown = "mx20-probe-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        List<String> asked = new ArrayList<>();
        if (known != null) {
            asked.add(known);
        }
        asked.add("postmaster@" + domain);
        asked.add(unknown);
        String address = addresses.get(0);
        SmtpProbe.Result r = SmtpProbe.run(address, options, asked);
        if (!r.connected() || r.rcptCodes().size() != asked.size()) {
            return; // PROBE_MX_UNREACHABLE (or the MAIL refusal in the evidence below) already says why
        }
        List<String> evidence = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            evidence.add("RCPT TO:<" + asked.get(i) + "> -> " + r.rcptReplies().get(i));
        }
        int i = 0;
        ctx.ran(CheckCode.PROBE_KNOWN_RECIPIENT_REFUSED);
        if (known != null) {
            if (r.rcptCodes().get(i) / 100 != 2) {
                ctx.report(CheckCode.PROBE_KNOWN_RECIPIENT_REFUSED, c.relayHost(),
                        "The relay refuses the known recipient " + known + ": senders that reach only the relay bounce.",
                        "Load the recipient list into the relay (or fix its recipient verification).", evidence);
            }
            i++;
        }
        ctx.ran(CheckCode.PROBE_POSTMASTER_REFUSED);
        if (r.rcptCodes().get(i) / 100 != 2) {
            ctx.report(CheckCode.PROBE_POSTMASTER_REFUSED, c.relayHost(),
                    "The relay refuses postmaster@" + domain + ", which every mail domain must accept (RFC 5321 §4.5.1).",
                    "Add postmaster@" + domain + " to the relay's recipient list.", evidence);
        }
        i++;
        ctx.ran(CheckCode.PROBE_UNKNOWN_RECIPIENT_ACCEPTED);
        if (r.rcptCodes().get(i) / 100 == 2) {
            ctx.report(CheckCode.PROBE_UNKNOWN_RECIPIENT_ACCEPTED, c.relayHost(),
                    "The relay accepts the made-up recipient " + unknown + ": it will bounce such mail later "
                            + "(backscatter) instead of refusing it now.",
                    "Make the relay refuse unknown recipients at RCPT time (550 5.1.1).", evidence);
        }
    }

    /** The domain in the first line of an EHLO reply: "250-relay.example.com Hello ..." (RFC 5321 §4.1.1.1). */
    static String greetingName(String ehloReply) {
        String line = firstLine(ehloReply);
        String rest = line.length() > 4 ? line.substring(4).strip() : "";
        String name = rest.split("\\s+", 2)[0];
        return DnsNames.normalize(name).toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().split("\\R", 2)[0];
    }
}
