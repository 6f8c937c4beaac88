package dev.mx20.relay.validate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A relay configuration to validate: the MX 20 pattern for one or more domains.
 *
 * @param domains           the mail domains (at least one)
 * @param primaryHost       the primary MX host (typically IPv6-only)
 * @param primaryPreference the primary's MX preference
 * @param relayHost         the relay's MX host name (dual-stack)
 * @param relayPreference   the relay's MX preference (must be greater than the primary's)
 * @param relayIpv4         the relay's IPv4 address, or null to take it from DNS
 * @param relayIpv6         the relay's IPv6 address, or null to take it from DNS
 * @param heloName          the name the relay sends in EHLO and its banner, or null for {@code relayHost}
 * @param recipients        the valid recipients the relay accepts (may be empty if {@code recipientCount} is given)
 * @param recipientCount    the size of a recipient list kept elsewhere, or null
 * @param routing           how the relay picks the next hop
 * @param forwardTarget     the fixed next hop for {@link RoutingMode#STATIC_PRIMARY}, else null
 * @param queueLifetime     how long the relay retries before bouncing, or null if unknown
 * @param relaySizeLimit    the relay's message size limit in bytes, or null if unknown
 * @param primarySizeLimit  the primary's message size limit in bytes, or null if unknown
 * @param smarthost         true when the primary also sends its outbound mail through the relay
 * @param relayNetworks     client networks (CIDR) allowed to relay to any destination
 * @param dkimSelectors     DKIM selectors to look for (empty: DKIM not checked)
 * @param primaryIpv6Only   what the operator intends: true = the primary is IPv6-only by design and the relay is
 *                          the IPv4 path (the MX 20 pattern); false = the primary is dual-stack and the relay is a
 *                          plain backup MX; null = not said (the address checks then only report what they see)
 */
public record RelayConfig(List<String> domains, String primaryHost, int primaryPreference, String relayHost,
                          int relayPreference, String relayIpv4, String relayIpv6, String heloName,
                          List<String> recipients, Integer recipientCount, RoutingMode routing, String forwardTarget,
                          Duration queueLifetime, Long relaySizeLimit, Long primarySizeLimit, boolean smarthost,
                          List<String> relayNetworks, List<String> dkimSelectors, Boolean primaryIpv6Only) {
    public RelayConfig {
        domains = List.copyOf(domains);
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("at least one domain");
        }
        Objects.requireNonNull(primaryHost);
        Objects.requireNonNull(relayHost);
        recipients = List.copyOf(recipients);
        routing = routing == null ? RoutingMode.MX_LOOKUP : routing;
        relayNetworks = List.copyOf(relayNetworks);
        dkimSelectors = List.copyOf(dkimSelectors);
    }

    /** The name the relay greets with. */
    public String effectiveHeloName() {
        return heloName == null || heloName.isBlank() ? relayHost : heloName;
    }

    /** True when the operator said the primary is IPv6-only by design (the MX 20 pattern). */
    public boolean intendsIpv6OnlyPrimary() {
        return Boolean.TRUE.equals(primaryIpv6Only);
    }

    /** True when the operator said the primary is dual-stack, so the relay is a plain backup MX. */
    public boolean intendsDualStackPrimary() {
        return Boolean.FALSE.equals(primaryIpv6Only);
    }

    /** A builder starting from the MX 20 defaults: preferences 10 and 20, MX lookup, 5-day queue. */
    public static Builder builder(String domain, String primaryHost, String relayHost) {
        return new Builder(domain, primaryHost, relayHost);
    }

    /** Builds a {@link RelayConfig}; every setter returns the builder. */
    public static final class Builder {
        private List<String> domains;
        private final String primaryHost;
        private final String relayHost;
        private int primaryPreference = 10;
        private int relayPreference = 20;
        private String relayIpv4;
        private String relayIpv6;
        private String heloName;
        private List<String> recipients = List.of();
        private Integer recipientCount;
        private RoutingMode routing = RoutingMode.MX_LOOKUP;
        private String forwardTarget;
        private Duration queueLifetime = Duration.ofDays(5);
        private Long relaySizeLimit;
        private Long primarySizeLimit;
        private boolean smarthost;
        private List<String> relayNetworks = List.of();
        private List<String> dkimSelectors = List.of();
        private Boolean primaryIpv6Only;

        private Builder(String domain, String primaryHost, String relayHost) {
            this.domains = List.of(domain);
            this.primaryHost = primaryHost;
            this.relayHost = relayHost;
        }

        public Builder domains(List<String> v) { domains = v; return this; }
        public Builder preferences(int primary, int relay) { primaryPreference = primary; relayPreference = relay; return this; }
        public Builder relayIpv4(String v) { relayIpv4 = v; return this; }
        public Builder relayIpv6(String v) { relayIpv6 = v; return this; }
        public Builder heloName(String v) { heloName = v; return this; }
        public Builder recipients(List<String> v) { recipients = v; return this; }
        public Builder recipientCount(Integer v) { recipientCount = v; return this; }
        public Builder routing(RoutingMode v) { routing = v; return this; }
        public Builder forwardTarget(String v) { forwardTarget = v; return this; }
        public Builder queueLifetime(Duration v) { queueLifetime = v; return this; }
        public Builder sizeLimits(Long relay, Long primary) { relaySizeLimit = relay; primarySizeLimit = primary; return this; }
        public Builder smarthost(boolean v) { smarthost = v; return this; }
        public Builder relayNetworks(List<String> v) { relayNetworks = v; return this; }
        public Builder dkimSelectors(List<String> v) { dkimSelectors = v; return this; }
        public Builder primaryIpv6Only(Boolean v) { primaryIpv6Only = v; return this; }

        public RelayConfig build() {
            return new RelayConfig(domains, primaryHost, primaryPreference, relayHost, relayPreference, relayIpv4,
                    relayIpv6, heloName, recipients, recipientCount, routing, forwardTarget, queueLifetime,
                    relaySizeLimit, primarySizeLimit, smarthost, relayNetworks, dkimSelectors, primaryIpv6Only);
        }
    }
}
