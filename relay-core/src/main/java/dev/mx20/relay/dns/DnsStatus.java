package dev.mx20.relay.dns;

/**
 * How a lookup ended. {@link #NODATA} and {@link #NXDOMAIN} are answers (the name or the type does not exist,
 * RFC 2308); the others mean the lookup could not give an answer, so a check must not conclude "missing".
 */
public enum DnsStatus {
    /** At least one record of the asked type. */
    OK,
    /** The name exists but has no record of the asked type (RFC 2308 §2.2). */
    NODATA,
    /** The name does not exist (RFC 2308 §2.1). */
    NXDOMAIN,
    /** The server failed (RCODE 2). */
    SERVFAIL,
    /** The server refused the query (RCODE 5). */
    REFUSED,
    /** No answer in time. */
    TIMEOUT,
    /** Anything else: a malformed name, a network error, an unexpected RCODE. */
    ERROR;

    /** True when the lookup gave no answer at all (a failure, not a negative answer). */
    public boolean isFailure() {
        return this == SERVFAIL || this == REFUSED || this == TIMEOUT || this == ERROR;
    }

    /** True for a negative answer: what RFC 7208 §4.6.4 calls a "void lookup". */
    public boolean isVoid() {
        return this == NODATA || this == NXDOMAIN;
    }
}
