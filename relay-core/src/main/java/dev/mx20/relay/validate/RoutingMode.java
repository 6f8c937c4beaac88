package dev.mx20.relay.validate;

/** How the relay finds where to forward accepted mail. */
public enum RoutingMode {
    /** Look up the domain's MX and use the hosts preferred over the relay's own entry (RFC 5321 §5.1). */
    MX_LOOKUP,
    /** Always forward to a fixed host (the primary), whatever the MX says. */
    STATIC_PRIMARY
}
