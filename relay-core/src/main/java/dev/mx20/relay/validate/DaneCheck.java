package dev.mx20.relay.validate;

import dev.mx20.relay.dns.DnsAnswer;
import dev.mx20.relay.dns.DnsNames;
import dev.mx20.relay.dns.DnsStatus;
import dev.mx20.relay.dns.IpAddresses;
import dev.mx20.relay.dns.RecordType;
import dev.mx20.relay.validate.dnssec.DnssecStatus;
import dev.mx20.relay.validate.dnssec.DnssecValidator;
import dev.mx20.relay.validate.dnssec.DnssecVerdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DANE (RFC 7672): when one MX publishes TLSA at {@code _25._tcp.<host>}, every MX should, or DANE senders get
 * authenticated TLS on one path only. And TLSA counts only when DNSSEC makes it count: a DANE sender uses TLSA
 * records only from a "secure" RRset (RFC 7672 §2.2, RFC 6698 §4.1) found through a secure MX RRset (§2.2.1),
 * and defers mail when they are "bogus" (§2.1.1). So when TLSA is published, the TLSA and MX answers' DNSSEC
 * status is checked (live mode with a {@link DnssecValidator}); offline records carry no signatures, which is
 * said rather than guessed.
 */
final class DaneCheck implements RelayCheck {
    @Override
    public void run(CheckContext ctx) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String d : ctx.config().domains()) {
            ctx.mx(d).ifPresent(list -> list.stream().filter(m -> !m.isNull() && !IpAddresses.isLiteral(m.host()))
                    .forEach(m -> hosts.add(DnsNames.normalize(m.host()))));
        }
        if (hosts.isEmpty()) {
            return;
        }
        Map<String, DnsAnswer> with = new LinkedHashMap<>();
        List<String> without = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (String host : hosts) {
            DnsAnswer tlsa = ctx.ask(tlsaName(host), RecordType.TLSA);
            evidence.addAll(tlsa.evidence());
            if (tlsa.status().isFailure()) {
                // RFC 7672 §2.2.1: a failed TLSA lookup makes DANE senders defer mail to that MX.
                ctx.lookupFailed(host, tlsa, "DANE TLSA");
            } else if (tlsa.hasData()) {
                with.put(host, tlsa);
            } else {
                without.add(host);
            }
        }
        if (hosts.size() >= 2) {
            ctx.ran(CheckCode.DANE_PARTIAL);
            if (!with.isEmpty() && !without.isEmpty()) {
                ctx.report(CheckCode.DANE_PARTIAL, String.join(", ", without),
                        "DANE TLSA is published for " + with.keySet() + " but not for " + without
                                + ": the path without TLSA is not authenticated for DANE senders.",
                        "Publish TLSA for every MX, e.g. _25._tcp." + without.get(0) + ". IN TLSA 3 1 1 <sha256 of "
                                + "the certificate's public key>",
                        evidence);
            }
        }
        if (!with.isEmpty()) {
            checkDnssec(ctx, with, without);
        }
    }

    private static void checkDnssec(CheckContext ctx, Map<String, DnsAnswer> with, List<String> without) {
        if (ctx.dnssec().isEmpty()) {
            List<String> evidence = new ArrayList<>();
            with.values().forEach(a -> evidence.addAll(a.evidence()));
            ctx.report(CheckCode.DANE_DNSSEC_NOT_CHECKED, String.join(", ", with.keySet()),
                    "TLSA is published for " + with.keySet() + ", but DNSSEC was not checked (records supplied "
                            + "offline carry no signatures, or DNSSEC checks are off). DANE senders use TLSA only "
                            + "when the TLSA and MX answers validate as secure.",
                    "Validate live, or check that a validating resolver sets the AD flag: "
                            + "dig +dnssec " + tlsaName(with.keySet().iterator().next()) + " TLSA",
                    evidence);
            return;
        }
        String how = "DNSSEC status: " + ctx.dnssec().get().describe();
        ctx.ran(CheckCode.DANE_TLSA_INSECURE);
        ctx.ran(CheckCode.DANE_MX_INSECURE);
        ctx.ran(CheckCode.DANE_DNSSEC_BOGUS);
        for (String domain : ctx.config().domains()) {
            DnssecVerdict mx = ctx.dnssecStatus(DnsNames.normalize(domain), RecordType.MX);
            List<String> evidence = new ArrayList<>(ctx.ask(domain, RecordType.MX).evidence());
            evidence.add(mx.evidence());
            evidence.add(how);
            switch (mx.status()) {
                case SECURE -> { }
                case INSECURE -> ctx.report(CheckCode.DANE_MX_INSECURE, domain,
                        "The MX records of " + domain + " are not DNSSEC-secure (" + mx.reason() + "): DANE senders "
                                + "cannot trust the MX host names, so DANE does not apply to this domain and the "
                                + "published TLSA is ignored.",
                        signRemedy(domain, domain + ". IN MX ..."), evidence);
                case BOGUS -> reportBogus(ctx, domain, mx, evidence);
                case INDETERMINATE -> indeterminate(ctx, domain, mx);
            }
        }
        for (Map.Entry<String, DnsAnswer> e : with.entrySet()) {
            String host = e.getKey();
            DnssecVerdict tlsa = ctx.dnssecStatus(tlsaName(host), RecordType.TLSA);
            List<String> evidence = new ArrayList<>(e.getValue().evidence());
            evidence.add(tlsa.evidence());
            evidence.add(how);
            switch (tlsa.status()) {
                case SECURE -> { }
                case INSECURE -> ctx.report(CheckCode.DANE_TLSA_INSECURE, host,
                        "DANE is ineffective for " + host + ": its TLSA records are published but not "
                                + "DNSSEC-secure (" + tlsa.reason() + "). DANE senders ignore TLSA records that do "
                                + "not validate, so mail to this MX is not authenticated.",
                        signRemedy(tlsaName(host), tlsaName(host) + ". IN TLSA " + e.getValue().data().get(0)),
                        evidence);
                case BOGUS -> reportBogus(ctx, host, tlsa, evidence);
                case INDETERMINATE -> indeterminate(ctx, host, tlsa);
            }
        }
        // The MX without TLSA: a DANE sender needs the absence proven too (NXDOMAIN or NODATA with NSEC/NSEC3,
        // RFC 4035 §5.4, RFC 5155 §8). Secure or insecure absence: it uses TLS without DANE there (DANE_PARTIAL
        // says so). A bogus one: its validating resolver answers SERVFAIL and RFC 7672 §2.2 has it defer the mail.
        for (String host : without) {
            DnssecVerdict absent = ctx.dnssecStatus(tlsaName(host), RecordType.TLSA);
            List<String> evidence = new ArrayList<>(ctx.ask(tlsaName(host), RecordType.TLSA).evidence());
            evidence.add(absent.evidence());
            evidence.add(how);
            switch (absent.status()) {
                case SECURE, INSECURE -> { }
                case BOGUS -> reportBogus(ctx, host, absent, evidence);
                case INDETERMINATE -> indeterminate(ctx, host, absent);
            }
        }
    }

    private static void reportBogus(CheckContext ctx, String subject, DnssecVerdict verdict, List<String> evidence) {
        ctx.report(CheckCode.DANE_DNSSEC_BOGUS, subject,
                "DNSSEC validation of " + verdict.name() + " " + verdict.type() + " fails (" + verdict.reason()
                        + "): validating resolvers answer SERVFAIL, so DANE senders defer mail for " + subject
                        + " and bounce it when their queue lifetime ends.",
                "Re-sign the zone holding " + verdict.name() + " (expired or wrong RRSIG records, or NSEC/NSEC3 "
                        + "records that do not prove an absent name), and make sure the "
                        + "DS record at the parent matches a DNSKEY the zone publishes (RFC 4035 §5). Check with: "
                        + "dig +dnssec " + verdict.name() + " " + verdict.type() + " (a validating resolver must "
                        + "answer NOERROR with the ad flag).",
                evidence);
    }

    private static String signRemedy(String name, String record) {
        return "Sign the zone holding " + name + " (DNSKEY, RRSIG and NSEC/NSEC3 records) and publish its DS "
                + "record in the parent zone through the registrar, e.g. <zone>. IN DS <key tag> 13 2 <SHA-256 "
                + "digest of the zone's KSK>, so that " + record + " validates; then dig +dnssec " + name
                + " must show the ad flag.";
    }

    private static void indeterminate(CheckContext ctx, String subject, DnssecVerdict verdict) {
        ctx.lookupFailed(subject, DnsAnswer.failure(verdict.name(), RecordType.valueOf(verdict.type()),
                DnsStatus.ERROR, "DNSSEC status unknown: " + verdict.reason()), "DANE DNSSEC validation");
    }

    private static String tlsaName(String host) {
        // RFC 7672 §2.2.3: the TLSA base domain of an MX host is the host name itself, port 25, TCP.
        return "_25._tcp." + host;
    }
}
