package dev.mx20.relay.delivery.route;

import org.xbill.DNS.Record;

import java.util.List;

/**
 * The outcome of one DNS question, reduced to what routing decisions need (RFC 2308 for NODATA/NXDOMAIN).
 *
 * @param kind    what happened
 * @param records the answer records of the asked type (after following CNAMEs); empty unless {@link Kind#FOUND}
 * @param detail  human-readable description for diagnostics, e.g. {@code "Host not found"}
 */
public record DnsAnswer(Kind kind, List<Record> records, String detail) {
    public DnsAnswer {
        records = List.copyOf(records);
    }

    /** How a question ended. */
    public enum Kind {
        /** At least one record of the asked type. */
        FOUND,
        /** The name exists but has no record of that type (NOERROR, empty answer). */
        NODATA,
        /** The name does not exist (RCODE 3): a permanent condition. */
        NXDOMAIN,
        /** SERVFAIL, REFUSED, any other RCODE, a timeout or a network error: try again later. */
        TRANSIENT,
        /** The name is not a valid DNS name (too long, empty label...): permanent. */
        INVALID
    }
}
