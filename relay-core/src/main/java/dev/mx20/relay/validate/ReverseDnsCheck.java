package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.IpAddresses;
import dev.mx20.relay.dns.RecordType;

import java.util.ArrayList;
import java.util.List;

/**
 * Forward-confirmed reverse DNS for the relay's sending addresses, and the EHLO name. Receivers (Gmail for
 * every IPv6 client, most for IPv4) refuse clients whose address has no PTR that resolves back to it.
 *
 * <p>Which families are an error: the relay always sends over IPv6 (to the primary, and DSNs), so IPv6 is always
 * an error; it sends over IPv4 to the internet at large only as the primary's smarthost, otherwise only its few
 * DSNs go out over IPv4, so a missing IPv4 PTR is a warning.
 */
final class ReverseDnsCheck implements RelayCheck {
    @Override
    public void run(CheckContext ctx) {
        RelayConfig c = ctx.config();
        String relay = DnsNames.normalize(c.relayHost());
        CheckContext.HostAddresses published = ctx.addresses(relay);
        String v4 = c.relayIpv4() != null ? c.relayIpv4() : first(published.a());
        String v6 = c.relayIpv6() != null ? c.relayIpv6() : first(published.aaaa());
        ctx.ran(CheckCode.PTR_MISSING);
        ctx.ran(CheckCode.PTR_NOT_FORWARD_CONFIRMED);
        ctx.ran(CheckCode.HELO_NAME_MISMATCH);
        if (v4 != null) {
            check(ctx, v4, RecordType.A, c.smarthost() ? Severity.ERROR : Severity.WARNING);
        }
        if (v6 != null) {
            check(ctx, v6, RecordType.AAAA, Severity.ERROR);
        }
    }

    private static String first(DnsAnswer a) {
        return a.hasData() ? a.data().get(0) : null;
    }

    private void check(CheckContext ctx, String address, RecordType family, Severity severity) {
        String ip = IpAddresses.canonical(address).orElse(null);
        if (ip == null) {
            return; // not a literal: syntax validation reports it
        }
        String helo = DnsNames.normalize(ctx.config().effectiveHeloName());
        String reverse = IpAddresses.reverseName(ip);
        DnsAnswer ptr = ctx.ask(reverse, RecordType.PTR);
        if (ptr.status().isFailure()) {
            ctx.lookupFailed(ip, ptr, "the PTR of the relay's address");
            return;
        }
        if (!ptr.hasData()) {
            ctx.report(CheckCode.PTR_MISSING, severity, ip,
                    "The relay's address " + ip + " has no PTR record; receivers such as Gmail refuse mail from "
                            + "clients without reverse DNS.",
                    "Ask the owner of the address block (your hosting provider) to publish:\n"
                            + reverse + ". IN PTR " + CheckContext.fqdn(helo),
                    ptr.evidence());
            return;
        }
        List<String> evidence = new ArrayList<>(ptr.evidence());
        boolean confirmed = false;
        for (String name : ptr.data()) {
            DnsAnswer forward = ctx.ask(name, family);
            evidence.addAll(forward.evidence());
            if (forward.hasData() && forward.data().contains(ip)) {
                confirmed = true;
            }
        }
        if (!confirmed) {
            ctx.report(CheckCode.PTR_NOT_FORWARD_CONFIRMED, severity, ip,
                    "The PTR of " + ip + " names " + String.join(", ", ptr.data()) + ", but that name does not "
                            + "resolve back to " + ip + " (no forward-confirmed reverse DNS).",
                    CheckContext.fqdn(ptr.data().get(0)) + " IN " + family + " " + ip, evidence);
        }
        if (!ptr.data().contains(helo)) {
            ctx.report(CheckCode.HELO_NAME_MISMATCH, ip,
                    "The relay greets as " + helo + " but its address " + ip + " has PTR "
                            + String.join(", ", ptr.data()) + "; receivers compare the two.",
                    "Make the EHLO/banner name and the PTR the same host name, e.g. " + reverse + ". IN PTR "
                            + CheckContext.fqdn(helo),
                    evidence);
        }
    }
}
