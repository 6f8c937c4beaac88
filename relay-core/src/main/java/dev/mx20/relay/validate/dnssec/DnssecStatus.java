package dev.mx20.relay.validate.dnssec;

/** The security status of one answer, in RFC 4035 §4.3 terms. */
public enum DnssecStatus {
    /** An unbroken chain of signed DNSKEY and DS records leads from a trust anchor to the answer. */
    SECURE,
    /** Provably unsigned: no DS at a delegation on the way (or no trust anchor covers the name). */
    INSECURE,
    /** Should validate but does not: bad or expired signatures, missing keys. Validating resolvers SERVFAIL. */
    BOGUS,
    /** The status could not be learnt: the lookup itself failed (timeout, SERVFAIL without a validation reason). */
    INDETERMINATE
}
