package dev.mx20.relay.delivery;

/**
 * Which address family the SMTP client tries first for one MX host (Postfix {@code smtp_address_preference}).
 *
 * <p>The relay orders addresses itself and never relies on the JVM's resolver order (which, with
 * {@code java.net.preferIPv6Addresses=false}, puts IPv4 first). Per RFC 3974 §3 / RFC 5321 §5.1 every address of
 * an MX host is tried before the next MX host.
 */
public enum AddressPreference {
    /** IPv6 addresses first, then IPv4 (the relay's default: its job is reaching an IPv6-only primary). */
    IPV6,
    /** IPv4 addresses first, then IPv6. */
    IPV4,
    /** Random family order per host (Postfix's {@code any}). */
    ANY
}
