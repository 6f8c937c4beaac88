package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.IpAddresses;
import dev.mx20.relay.dns.RecordType;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Active DANE probe (with the other probes, off unless enabled): for every MX host that publishes TLSA, STARTTLS
 * to each of its addresses and compare the presented chain with the TLSA records, as a DANE sender would (RFC 7672
 * §2.2, §3; RFC 7671 §5). A host with TLSA that offers no STARTTLS, or whose certificate matches no usable record,
 * makes DANE senders defer mail to it.
 */
final class DaneProbeCheck implements RelayCheck {
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
        for (String host : hosts) {
            DnsAnswer tlsa = ctx.ask("_25._tcp." + host, RecordType.TLSA);
            if (!tlsa.hasData()) {
                continue; // no DANE for this host (or DaneCheck reported the failed lookup)
            }
            List<TlsaRecord> records = tlsa.data().stream().map(TlsaRecord::parse).flatMap(Optional::stream).toList();
            ctx.ran(CheckCode.PROBE_DANE_STARTTLS_MISSING);
            ctx.ran(CheckCode.PROBE_DANE_MISMATCH);
            for (String address : ctx.addresses(host).all()) {
                probe(ctx, options, host, address, tlsa, records);
            }
        }
    }

    private static void probe(CheckContext ctx, ProbeOptions options, String host, String address, DnsAnswer tlsa,
                              List<TlsaRecord> records) {
        StartTlsProbe.Result r = StartTlsProbe.run(address, options);
        List<String> evidence = new ArrayList<>(tlsa.evidence());
        if (!r.reachable()) {
            return; // PROBE_MX_UNREACHABLE reports it
        }
        if (!r.offered()) {
            if (r.error().equals(StartTlsProbe.Result.NOT_OFFERED)) {
                evidence.add(address + ":" + options.port() + " EHLO without STARTTLS");
                ctx.report(CheckCode.PROBE_DANE_STARTTLS_MISSING, host,
                        host + " publishes TLSA but " + address + " does not offer STARTTLS: DANE senders require "
                                + "TLS with it and defer mail to this address.",
                        "Enable STARTTLS on " + address + " (postfix: smtpd_tls_security_level = may with "
                                + "smtpd_tls_cert_file / smtpd_tls_key_file), with the key the TLSA records name.",
                        evidence);
            } else {
                evidence.add(address + ":" + options.port() + " " + r.error());
                ctx.report(CheckCode.PROBE_DANE_STARTTLS_MISSING, host,
                        "STARTTLS to " + address + " (MX " + host + ") failed: " + r.error()
                                + ". DANE senders defer mail to this address.",
                        "Fix the TLS setup of " + address + " so that a TLS 1.2 or 1.3 handshake completes.",
                        evidence);
            }
            return;
        }
        boolean matched = records.stream().anyMatch(t -> t.matches(r.chain()));
        if (matched) {
            return;
        }
        X509Certificate leaf = r.chain().get(0);
        evidence.add(address + ":" + options.port() + " certificate " + leaf.getSubjectX500Principal().getName()
                + ", public key SHA-256 " + sha256(leaf.getPublicKey().getEncoded()));
        boolean anyUsable = records.stream().anyMatch(TlsaRecord::usableForSmtp);
        ctx.report(CheckCode.PROBE_DANE_MISMATCH, host,
                "The certificate " + address + " presents (MX " + host + ") matches none of its "
                        + (anyUsable ? "" : "usable ") + "TLSA records: DANE senders refuse the TLS session and "
                        + "defer mail to this address.",
                "Publish a TLSA record for the key in use: _25._tcp." + host + ". IN TLSA 3 1 1 "
                        + sha256(leaf.getPublicKey().getEncoded())
                        + " (keep the old one until every server uses the new key, RFC 7671 §8.1).",
                evidence);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
