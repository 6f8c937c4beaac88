package dev.mx20.relay.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the outbound side needs to know. Setting names follow Postfix where Postfix has one; build with
 * {@link #builder(String)}.
 *
 * @param heloName              name sent in EHLO/HELO ({@code smtp_helo_name}, default {@code myhostname})
 * @param relayhost             static route for all mail, or {@code null} for MX lookups ({@code relayhost})
 * @param addressPreference     family tried first per MX host ({@code smtp_address_preference}, default ipv6)
 * @param ipv4OnlyDestinations  recipient domains (lower case, exact match) delivered over IPv4 only, for receivers
 *                              that refuse IPv6 clients without PTR records (Postfix does this with a transport
 *                              whose {@code inet_protocols=ipv4}); here {@code smtp_ipv4_only_destinations}
 * @param mxAddressLimit        cap on addresses tried per delivery, across all MX hosts ({@code smtp_mx_address_limit},
 *                              default 5; 0 = no cap). When both families are present the cap is shared between
 *                              them so neither is starved (Postfix {@code smtp_balance_inet_protocols})
 * @param mxSessionLimit        cap on SMTP sessions (connections that got a greeting) per delivery
 *                              ({@code smtp_mx_session_limit}, default 2; 0 = no cap)
 * @param port                  TCP port for MX hosts ({@code 25}; tests use an ephemeral port)
 * @param timeouts              SMTP timeouts ({@code smtp_*_timeout})
 * @param bindAddress           source address for IPv4 connections, or {@code null} ({@code smtp_bind_address})
 * @param bindAddress6          source address for IPv6 connections, or {@code null} ({@code smtp_bind_address6})
 * @param ownNames              the relay's own host names (lower case, no trailing dot); an MX record naming one
 *                              of them marks the relay's own preference ({@code myhostname} plus
 *                              {@code smtp_own_names})
 * @param ownAddresses          the relay's own addresses ({@code inet_interfaces}/{@code proxy_interfaces}): an MX
 *                              host resolving to one of them is the relay itself
 * @param ownPreference         the relay's MX preference if known in advance (e.g. 20), or {@code null}: every MX
 *                              at or above the own preference is dropped (RFC 5321 §5.1, loop prevention)
 * @param dnsServers            resolvers to query; empty = the system's ({@code /etc/resolv.conf})
 * @param dnsTimeout            time allowed per DNS query before it counts as a (transient) failure
 * @param tls                   outbound STARTTLS policy ({@code smtp_tls_security_level}, default may)
 * @param skip5xxGreeting       treat a 5xx greeting as "try the next address" ({@code smtp_skip_5xx_greeting}, yes)
 * @param randomSeed            seed for shuffling equal-preference MX hosts and {@code any} family order, or
 *                              {@code null} for an unpredictable order (tests set it)
 */
public record DeliverySettings(
        String heloName,
        Relayhost relayhost,
        AddressPreference addressPreference,
        Set<String> ipv4OnlyDestinations,
        int mxAddressLimit,
        int mxSessionLimit,
        int port,
        SmtpTimeouts timeouts,
        InetAddress bindAddress,
        InetAddress bindAddress6,
        Set<String> ownNames,
        Set<InetAddress> ownAddresses,
        Integer ownPreference,
        List<InetSocketAddress> dnsServers,
        Duration dnsTimeout,
        TlsLevel tls,
        boolean skip5xxGreeting,
        Long randomSeed) {

    public DeliverySettings {
        Objects.requireNonNull(heloName, "heloName");
        if (heloName.isBlank() || heloName.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("heloName must be a host name: " + heloName);
        }
        Objects.requireNonNull(addressPreference, "addressPreference");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(dnsTimeout, "dnsTimeout");
        if (mxAddressLimit < 0 || mxSessionLimit < 0) {
            throw new IllegalArgumentException("limits must be >= 0");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (bindAddress != null && !(bindAddress instanceof Inet4Address)) {
            throw new IllegalArgumentException("smtp_bind_address must be IPv4: " + bindAddress);
        }
        if (bindAddress6 != null && !(bindAddress6 instanceof Inet6Address)) {
            throw new IllegalArgumentException("smtp_bind_address6 must be IPv6: " + bindAddress6);
        }
        if (dnsTimeout.isNegative() || dnsTimeout.isZero()) {
            throw new IllegalArgumentException("dnsTimeout must be positive");
        }
        ipv4OnlyDestinations = normalise(ipv4OnlyDestinations);
        ownNames = normalise(ownNames);
        ownAddresses = ownAddresses == null ? Set.of() : Set.copyOf(ownAddresses);
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
    }

    private static Set<String> normalise(Set<String> names) {
        if (names == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(hostKey(n));
        }
        return Set.copyOf(out);
    }

    /** Lower case, no trailing dot: how host and domain names are compared everywhere in delivery. */
    public static String hostKey(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** A builder with Postfix-like defaults; {@code myhostname} becomes the HELO name and an own name. */
    public static Builder builder(String myhostname) {
        return new Builder(myhostname);
    }

    /** Builder for {@link DeliverySettings}; every setter returns {@code this}. */
    public static final class Builder {
        private String heloName;
        private Relayhost relayhost;
        private AddressPreference addressPreference = AddressPreference.IPV6;
        private final Set<String> ipv4Only = new LinkedHashSet<>();
        private int mxAddressLimit = 5;
        private int mxSessionLimit = 2;
        private int port = 25;
        private SmtpTimeouts timeouts = SmtpTimeouts.DEFAULTS;
        private InetAddress bindAddress;
        private InetAddress bindAddress6;
        private final Set<String> ownNames = new LinkedHashSet<>();
        private final Set<InetAddress> ownAddresses = new LinkedHashSet<>();
        private Integer ownPreference;
        private List<InetSocketAddress> dnsServers = List.of();
        private Duration dnsTimeout = Duration.ofSeconds(5);
        private TlsLevel tls = TlsLevel.MAY;
        private boolean skip5xxGreeting = true;
        private Long randomSeed;

        private Builder(String myhostname) {
            this.heloName = Objects.requireNonNull(myhostname, "myhostname");
            this.ownNames.add(myhostname);
        }

        /** {@code smtp_helo_name}. */
        public Builder heloName(String v) { heloName = v; return this; }
        /** {@code relayhost}, e.g. {@code Relayhost.parse("[primary.example]:25")}; {@code null} = MX lookups. */
        public Builder relayhost(Relayhost v) { relayhost = v; return this; }
        /** {@code smtp_address_preference}. */
        public Builder addressPreference(AddressPreference v) { addressPreference = v; return this; }
        /** Adds a domain to {@code smtp_ipv4_only_destinations}. */
        public Builder ipv4OnlyDestination(String domain) { ipv4Only.add(domain); return this; }
        /** {@code smtp_mx_address_limit}. */
        public Builder mxAddressLimit(int v) { mxAddressLimit = v; return this; }
        /** {@code smtp_mx_session_limit}. */
        public Builder mxSessionLimit(int v) { mxSessionLimit = v; return this; }
        /** The SMTP port of MX hosts (25). */
        public Builder port(int v) { port = v; return this; }
        /** {@code smtp_*_timeout}. */
        public Builder timeouts(SmtpTimeouts v) { timeouts = v; return this; }
        /** {@code smtp_bind_address}. */
        public Builder bindAddress(InetAddress v) { bindAddress = v; return this; }
        /** {@code smtp_bind_address6}. */
        public Builder bindAddress6(InetAddress v) { bindAddress6 = v; return this; }
        /** Adds one of the relay's own names. */
        public Builder ownName(String v) { ownNames.add(v); return this; }
        /** Adds one of the relay's own addresses. */
        public Builder ownAddress(InetAddress v) { ownAddresses.add(v); return this; }
        /** The relay's own MX preference, when known. */
        public Builder ownPreference(Integer v) { ownPreference = v; return this; }
        /** The DNS servers to query (empty = the system's). */
        public Builder dnsServers(List<InetSocketAddress> v) { dnsServers = v; return this; }
        /** Time allowed per DNS query. */
        public Builder dnsTimeout(Duration v) { dnsTimeout = v; return this; }
        /** {@code smtp_tls_security_level}. */
        public Builder tls(TlsLevel v) { tls = v; return this; }
        /** {@code smtp_skip_5xx_greeting}. */
        public Builder skip5xxGreeting(boolean v) { skip5xxGreeting = v; return this; }
        /** Seed for the random choices (tests). */
        public Builder randomSeed(Long v) { randomSeed = v; return this; }

        /** Validates and builds. */
        public DeliverySettings build() {
            return new DeliverySettings(heloName, relayhost, addressPreference, ipv4Only, mxAddressLimit,
                    mxSessionLimit, port, timeouts, bindAddress, bindAddress6, ownNames, ownAddresses, ownPreference,
                    dnsServers, dnsTimeout, tls, skip5xxGreeting, randomSeed);
        }
    }
}
