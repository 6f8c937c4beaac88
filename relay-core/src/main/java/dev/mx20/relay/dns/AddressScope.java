package dev.mx20.relay.dns;

/** Where an IP address can be reached from; only {@link #PUBLIC} addresses can receive mail from the internet. */
public enum AddressScope {
    /** Globally routable. */
    PUBLIC,
    /** RFC 1918 private IPv4, or RFC 6598 shared (carrier-grade NAT) space. */
    PRIVATE,
    /** 127.0.0.0/8, ::1 (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3). */
    LOOPBACK,
    /** 169.254.0.0/16, fe80::/10 (RFC 3927, RFC 4291 §2.5.6). */
    LINK_LOCAL,
    /** fc00::/7 unique local addresses (RFC 4193). */
    UNIQUE_LOCAL,
    /** ::ffff:0:0/96 IPv4-mapped IPv6 (RFC 4291 §2.5.5.2): never valid on the wire in DNS data. */
    MAPPED,
    /** 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737) and 2001:db8::/32 (RFC 3849). */
    DOCUMENTATION,
    /** 0.0.0.0/8, ::, multicast, 240.0.0.0/4 and other special-purpose space (RFC 6890). */
    RESERVED
}
