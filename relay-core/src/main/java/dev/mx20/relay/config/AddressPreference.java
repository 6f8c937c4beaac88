package dev.mx20.relay.config;

/**
 * Which address family outbound delivery tries first ({@code smtp_address_preference}).
 * Unlike Postfix (default {@code any}) the relay defaults to {@link #IPV6}: its reason to exist is reaching an
 * IPv6-only primary, and Java itself would order IPv4 first.
 */
public enum AddressPreference {
    /** IPv6 addresses of an MX host before its IPv4 addresses. */
    IPV6,
    /** IPv4 addresses of an MX host before its IPv6 addresses. */
    IPV4,
    /** No preference: addresses in random order. */
    ANY
}
