package dev.mx20.relay.dns;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

import java.util.ArrayList;
import java.util.List;

/** Turns dnsjava records into a {@link DnsAnswer}: follows the CNAME chain, renders data in presentation form. */
final class Answers {
    /** Longer alias chains are treated as a loop (the same bound BIND uses is 16; 8 is plenty for mail). */
    static final int MAX_CHAIN = 8;

    private Answers() {
    }

    static DnsAnswer fromResponse(Name qname, RecordType type, int rcode, List<Record> answerSection) {
        return fromResponse(qname, type, rcode, answerSection, List.of());
    }

    /** As above; the authority section gives a negative answer its TTL (RFC 2308 §5). */
    static DnsAnswer fromResponse(Name qname, RecordType type, int rcode, List<Record> answerSection,
                                  List<Record> authoritySection) {
        return fromResponse(qname, DnsNames.text(qname), type, rcode, answerSection, authoritySection);
    }

    /** As above, with the text form of {@code qname} ({@link DnsNames#text}) already at hand. */
    static DnsAnswer fromResponse(Name qname, String name, RecordType type, int rcode, List<Record> answerSection,
                                  List<Record> authoritySection) {
        if (rcode == Rcode.SERVFAIL) {
            return DnsAnswer.failure(name, type, DnsStatus.SERVFAIL, "SERVFAIL");
        }
        if (rcode == Rcode.REFUSED) {
            return DnsAnswer.failure(name, type, DnsStatus.REFUSED, "REFUSED");
        }
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return DnsAnswer.failure(name, type, DnsStatus.ERROR, "RCODE " + Rcode.string(rcode));
        }
        List<String> chain = new ArrayList<>();
        Name current = qname;
        long ttl = Long.MAX_VALUE;
        if (type != RecordType.CNAME) {
            for (int i = 0; i <= MAX_CHAIN; i++) {
                CNAMERecord link = cnameOf(current, answerSection);
                if (link == null) {
                    break;
                }
                if (i == MAX_CHAIN) {
                    return new DnsAnswer(name, type, DnsStatus.ERROR, List.of(), chain, "CNAME chain too long or looping");
                }
                chain.add(DnsNames.text(link.getTarget()));
                ttl = Math.min(ttl, link.getTTL());
                current = link.getTarget();
            }
        }
        List<String> data = new ArrayList<>();
        for (Record r : answerSection) {
            if (r.getType() == type.code() && r.getName().equals(current)) {
                data.add(render(r));
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        DnsStatus status;
        if (!data.isEmpty()) {
            status = DnsStatus.OK;
        } else {
            status = rcode == Rcode.NXDOMAIN ? DnsStatus.NXDOMAIN : DnsStatus.NODATA;
            // RFC 2308 §5: a negative answer lives min(SOA TTL, SOA MINIMUM); without a SOA it is not cached
            long negative = 0;
            for (Record r : authoritySection) {
                if (r instanceof SOARecord soa) {
                    negative = Math.min(soa.getTTL(), soa.getMinimum());
                }
            }
            ttl = Math.min(ttl, negative);
        }
        return new DnsAnswer(name, type, status, data, chain, "", ttl == Long.MAX_VALUE ? 0 : ttl);
    }

    private static CNAMERecord cnameOf(Name owner, List<Record> records) {
        for (Record r : records) {
            if (r instanceof CNAMERecord c && r.getName().equals(owner)) {
                return c;
            }
        }
        return null;
    }

    static String render(Record r) {
        if (r instanceof ARecord a) {
            return IpAddresses.format(a.getAddress());
        }
        if (r instanceof AAAARecord a) {
            // from the 16 RDATA bytes (RFC 3596 §2.2), not via InetAddress, which would silently turn an
            // IPv4-mapped address into IPv4, nor via dnsjava's text, which would have to be parsed again
            return IpAddresses.format(a.rdataToWireCanonical());
        }
        if (r instanceof MXRecord mx) {
            String target = mx.getTarget().equals(Name.root) ? "." : DnsNames.text(mx.getTarget());
            return mx.getPriority() + " " + target;
        }
        if (r instanceof TXTRecord txt) {
            // RFC 7208 §3.3: the character-strings of one record are joined without separators.
            return String.join("", txt.getStrings());
        }
        if (r instanceof PTRRecord ptr) {
            return DnsNames.text(ptr.getTarget());
        }
        if (r instanceof NSRecord ns) {
            return DnsNames.text(ns.getTarget());
        }
        if (r instanceof CNAMERecord c) {
            return DnsNames.text(c.getTarget());
        }
        return r.rdataToString();
    }
}
