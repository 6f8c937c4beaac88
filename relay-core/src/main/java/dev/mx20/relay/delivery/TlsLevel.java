package dev.mx20.relay.delivery;

/**
 * Outbound TLS policy (Postfix {@code smtp_tls_security_level}).
 */
public enum TlsLevel {
    /** Never use STARTTLS. */
    NONE,
    /**
     * Opportunistic (RFC 3207 with the RFC 7435 stance): use STARTTLS when the server offers it, without
     * verifying its certificate, because MX host names come from unsigned DNS and a verification failure would
     * only push the relay back to plaintext anyway. If the TLS handshake fails the same address is retried once
     * in plaintext, as Postfix does at level {@code may}.
     */
    MAY,
    /**
     * Mandatory and verified: STARTTLS must be offered and the certificate must chain to the JVM's default trust
     * store and match the host name (the MX or relayhost name). Failing that, the address is skipped. Meant for a
     * static route to a known primary (Postfix's {@code secure}/{@code verify}).
     */
    VERIFY
}
