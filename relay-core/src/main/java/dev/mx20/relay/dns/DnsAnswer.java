package dev.mx20.relay.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one lookup, with record data in presentation form so checks and reports can quote it.
 *
 * @param name       the name asked for (lower case, no trailing dot)
 * @param type       the type asked for
 * @param status     how the lookup ended
 * @param data       the record data of the asked type at the end of the CNAME chain: an address for A/AAAA
 *                   (IPv6 in RFC 5952 form), {@code "10 host.example"} for MX, the joined strings of one record
 *                   for TXT (RFC 7208 §3.3), a host name for PTR/NS/CNAME, the RDATA text for TLSA
 * @param cnameChain the alias targets followed on the way (empty when the name is not an alias)
 * @param detail     a human-readable reason when {@code status} is a failure, else empty
 * @param ttl        seconds the answer may be reused: the smallest TTL of the records it rests on (CNAMEs
 *                   included), for a negative answer the SOA's negative TTL (RFC 2308 §5), 0 for a failure or
 *                   when unknown (then it is not reused)
 */
public record DnsAnswer(String name, RecordType type, DnsStatus status, List<String> data, List<String> cnameChain,
                        String detail, long ttl) {
    public DnsAnswer {
        data = List.copyOf(data);
        cnameChain = List.copyOf(cnameChain);
        detail = detail == null ? "" : detail;
        ttl = Math.max(0, ttl);
    }

    /** An answer not to be reused (TTL 0). */
    public DnsAnswer(String name, RecordType type, DnsStatus status, List<String> data, List<String> cnameChain,
                     String detail) {
        this(name, type, status, data, cnameChain, detail, 0);
    }

    /** A failed lookup. */
    public static DnsAnswer failure(String name, RecordType type, DnsStatus status, String detail) {
        return new DnsAnswer(name, type, status, List.of(), List.of(), detail);
    }

    /** True when at least one record of the asked type came back. */
    public boolean hasData() {
        return status == DnsStatus.OK && !data.isEmpty();
    }

    /** True when the name is an alias (a CNAME was followed). */
    public boolean isAlias() {
        return !cnameChain.isEmpty();
    }

    /** The answer as zone-file-like lines, for a finding's evidence. */
    public List<String> evidence() {
        List<String> lines = new ArrayList<>();
        String owner = name;
        for (String target : cnameChain) {
            lines.add(owner + " CNAME " + target);
            owner = target;
        }
        if (status == DnsStatus.OK) {
            for (String d : data) {
                lines.add(owner + " " + type + " " + (type == RecordType.TXT ? '"' + d + '"' : d));
            }
        } else {
            lines.add(owner + " " + type + ": " + status + (detail.isEmpty() ? "" : " (" + detail + ")"));
        }
        return lines;
    }
}
