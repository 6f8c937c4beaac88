package dev.mx20.relay.validate.readiness;

/** How a domain receives mail, by address family of its MX hosts. */
public enum ReadinessStatus {
    /** Some MX host has AAAA and some has A: both IPv6 and IPv4 senders can deliver. */
    IPV6_AND_IPV4,
    /** MX hosts have AAAA only: IPv4-only senders cannot deliver (the case the MX 20 relay fixes). */
    IPV6_ONLY,
    /** MX hosts have A only: IPv6-only senders cannot deliver. */
    IPV4_ONLY,
    /** MX hosts have no addresses at all. */
    NO_ADDRESSES,
    /** The domain publishes a null MX (RFC 7505): it accepts no mail. */
    NULL_MX,
    /** The domain does not exist (NXDOMAIN), or has neither MX nor addresses. */
    NO_MAIL_DOMAIN,
    /** A lookup failed or the per-domain deadline passed; see the errors. */
    LOOKUP_FAILED,
    /** The input is not a domain name; nothing was looked up. */
    INVALID_NAME
}
