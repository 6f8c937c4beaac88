package dev.mx20.relay.dns;

import org.xbill.DNS.Type;

/** The DNS record types the relay checks ask about (RFC 1035, RFC 3596 for AAAA, RFC 6698 for TLSA). */
public enum RecordType {
    A(Type.A), AAAA(Type.AAAA), MX(Type.MX), TXT(Type.TXT), PTR(Type.PTR), NS(Type.NS), CNAME(Type.CNAME),
    TLSA(Type.TLSA);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    /** The numeric type code on the wire. */
    int code() {
        return code;
    }
}
