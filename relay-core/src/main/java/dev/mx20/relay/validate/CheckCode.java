package dev.mx20.relay.validate;

/**
 * Every check's stable code and default severity. docs/checks.md explains each one with its source.
 * Codes are part of the API: never rename one, add new ones instead.
 */
public enum CheckCode {
    // --- the MX pattern (RFC 5321 §5.1, RFC 7505, RFC 2181 §10.3) ---
    MX_LOOKUP_FAILED(Severity.ERROR),
    MX_MISSING(Severity.ERROR),
    MX_NULL(Severity.ERROR),
    MX_NULL_WITH_OTHERS(Severity.ERROR),
    MX_TOO_FEW(Severity.ERROR),
    MX_PRIMARY_IS_RELAY(Severity.ERROR),
    MX_PRIMARY_NOT_PUBLISHED(Severity.ERROR),
    MX_RELAY_NOT_PUBLISHED(Severity.ERROR),
    MX_RELAY_PREFERENCE_NOT_HIGHER(Severity.ERROR),
    MX_PREFERENCE_MISMATCH(Severity.WARNING),
    MX_OTHER_PREFERRED_OVER_RELAY(Severity.WARNING),
    MX_TARGET_IP_LITERAL(Severity.ERROR),
    MX_TARGET_CNAME(Severity.ERROR),
    MX_TARGET_NO_ADDRESS(Severity.ERROR),
    // --- addresses ---
    PRIMARY_NO_AAAA(Severity.ERROR),
    PRIMARY_IPV6_ONLY(Severity.INFO),
    PRIMARY_HAS_IPV4(Severity.INFO),
    RELAY_NO_A(Severity.ERROR),
    RELAY_NO_AAAA(Severity.ERROR),
    RELAY_ADDRESS_NOT_PUBLISHED(Severity.WARNING),
    MX_ADDRESS_NOT_PUBLIC(Severity.ERROR),
    MX_ADDRESS_DOCUMENTATION(Severity.INFO),
    // --- reverse DNS and greeting (RFC 1912 §2.1, Gmail sender guidelines) ---
    PTR_MISSING(Severity.ERROR),
    PTR_NOT_FORWARD_CONFIRMED(Severity.ERROR),
    HELO_NAME_MISMATCH(Severity.WARNING),
    // --- SPF (RFC 7208) ---
    SPF_MISSING(Severity.ERROR),
    SPF_MULTIPLE(Severity.ERROR),
    SPF_SYNTAX(Severity.ERROR),
    SPF_RELAY_NOT_AUTHORISED(Severity.ERROR),
    SPF_TOO_MANY_LOOKUPS(Severity.ERROR),
    SPF_TOO_MANY_VOID_LOOKUPS(Severity.ERROR),
    SPF_ALL_POLICY(Severity.WARNING),
    // --- DMARC / DKIM (RFC 7489, RFC 6376) ---
    DMARC_MISSING(Severity.INFO),
    DKIM_MISSING(Severity.INFO),
    DKIM_NOT_CHECKED(Severity.INFO),
    // --- name servers (RFC 2182 §5) ---
    NS_TOO_FEW(Severity.WARNING),
    NS_IPV6_TOO_FEW(Severity.WARNING),
    // --- MTA-STS (RFC 8461) and DANE (RFC 7672) ---
    MTA_STS_POLICY_UNAVAILABLE(Severity.WARNING),
    MTA_STS_POLICY_INVALID(Severity.ERROR),
    MTA_STS_MX_NOT_LISTED(Severity.ERROR),
    DANE_PARTIAL(Severity.WARNING),
    // --- DANE and DNSSEC (RFC 7672 §2.2, RFC 6698 §4.1, RFC 4035 §4.3) ---
    DANE_TLSA_INSECURE(Severity.ERROR),
    DANE_MX_INSECURE(Severity.ERROR),
    DANE_DNSSEC_BOGUS(Severity.ERROR),
    DANE_DNSSEC_NOT_CHECKED(Severity.INFO),
    // --- relay settings ---
    RECIPIENTS_MISSING(Severity.ERROR),
    RECIPIENTS_WILDCARD(Severity.ERROR),
    RECIPIENT_OUTSIDE_DOMAINS(Severity.ERROR),
    OPEN_RELAY(Severity.ERROR),
    FORWARD_TARGET_IS_RELAY(Severity.ERROR),
    FORWARD_TARGET_NOT_PRIMARY(Severity.ERROR),
    QUEUE_LIFETIME_SHORT(Severity.WARNING),
    SIZE_LIMIT_ABOVE_PRIMARY(Severity.ERROR),
    // --- active probes (off unless enabled) ---
    PROBE_MX_UNREACHABLE(Severity.ERROR),
    PROBE_GREETING_NAME_MISMATCH(Severity.WARNING),
    PROBE_KNOWN_RECIPIENT_REFUSED(Severity.ERROR),
    PROBE_POSTMASTER_REFUSED(Severity.ERROR),
    PROBE_UNKNOWN_RECIPIENT_ACCEPTED(Severity.ERROR),
    PROBE_DANE_STARTTLS_MISSING(Severity.ERROR),
    PROBE_DANE_MISMATCH(Severity.ERROR),
    PROBE_GREETING_NOT_PTR(Severity.WARNING),
    // --- any check ---
    DNS_LOOKUP_FAILED(Severity.WARNING);

    private final Severity severity;

    CheckCode(Severity severity) {
        this.severity = severity;
    }

    /** The severity a finding of this code has unless the check says otherwise. */
    public Severity defaultSeverity() {
        return severity;
    }
}
