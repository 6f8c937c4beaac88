package dev.mx20.relay.config;

import dev.mx20.relay.delivery.AddressPreference;
import dev.mx20.relay.delivery.DeliverySettings;
import dev.mx20.relay.delivery.Relayhost;
import dev.mx20.relay.delivery.SmtpTimeouts;
import dev.mx20.relay.delivery.TlsLevel;
import dev.mx20.relay.delivery.client.ConnectionCache;
import dev.mx20.relay.dsn.DsnSettings;
import dev.mx20.relay.policy.IpNetwork;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The relay's validated settings. Immutable; build one with {@link #builder()} or read one with
 * {@link ConfigFile#parse(Path)}. Every setting is listed in {@link Setting} and documented in {@code docs/relay.md}.
 * Validation happens once, in {@link Builder#build()}, so that a bad file fails at start with a message that names
 * the setting, never later at the first connection.
 */
public final class RelayConfig {
    private final Map<Setting, String> values;

    private RelayConfig(Map<Setting, String> values) {
        this.values = values;
    }

    /** @return a builder preloaded with every default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the raw (validated) text of a setting, for display and for settings used by other packages */
    public String get(Setting s) {
        return values.get(s);
    }

    /** @return a builder holding this configuration's values, to derive a modified copy */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    /** @return the host name announced in the greeting and EHLO reply and used in Received and DSN headers */
    public String myhostname() {
        String v = values.get(Setting.MYHOSTNAME);
        if (!v.isEmpty()) {
            return v;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** @return the addresses to listen on; {@code all} means the wildcard (dual-stack when the OS allows) */
    public List<String> inetInterfaces() {
        return ConfigValues.list(values.get(Setting.INET_INTERFACES));
    }

    /** @return the TCP port the SMTP server listens on (0 picks a free port, for tests) */
    public int smtpdPort() {
        return Integer.parseInt(values.get(Setting.SMTPD_PORT));
    }

    /** @return the domains the relay accepts mail for, lower case */
    public List<String> relayDomains() {
        return ConfigValues.list(values.get(Setting.RELAY_DOMAINS)).stream()
                .map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    /** @return the recipient list file for {@link #relayDomains()}, if configured */
    public Optional<Path> relayRecipientMaps() {
        String v = values.get(Setting.RELAY_RECIPIENT_MAPS);
        return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
    }

    /** @return the address-extension delimiter characters ({@code recipient_delimiter}); empty = none */
    public String recipientDelimiter() {
        return values.get(Setting.RECIPIENT_DELIMITER);
    }

    /** @return the client networks trusted to relay to any domain */
    public List<IpNetwork> mynetworks() {
        return ConfigValues.list(values.get(Setting.MYNETWORKS)).stream().map(IpNetwork::parse).toList();
    }

    /** @return extra addresses the relay is reachable at (NAT, load balancers), counted as "self" in MX lists */
    public List<String> proxyInterfaces() {
        return ConfigValues.list(values.get(Setting.PROXY_INTERFACES));
    }

    /** @return the largest message accepted, in bytes; 0 means no limit */
    public long messageSizeLimit() {
        return Long.parseLong(values.get(Setting.MESSAGE_SIZE_LIMIT));
    }

    /** @return the most recipients accepted in one transaction (452 beyond, RFC 5321 §4.5.3.1.8) */
    public int smtpdRecipientLimit() {
        return Integer.parseInt(values.get(Setting.SMTPD_RECIPIENT_LIMIT));
    }

    /** @return the most simultaneous connections from one client address; 0 means no limit */
    public int smtpdClientConnectionCountLimit() {
        return Integer.parseInt(values.get(Setting.SMTPD_CLIENT_CONNECTION_COUNT_LIMIT));
    }

    /** @return the most simultaneous SMTP sessions in total */
    public int defaultProcessLimit() {
        return Integer.parseInt(values.get(Setting.DEFAULT_PROCESS_LIMIT));
    }

    /** @return how long the server waits for a command line */
    public Duration smtpdTimeout() {
        return ConfigValues.duration(Setting.SMTPD_TIMEOUT.key(), values.get(Setting.SMTPD_TIMEOUT));
    }

    /** @return how long the server waits for more message data inside DATA */
    public Duration smtpdDataTimeout() {
        return ConfigValues.duration(Setting.SMTPD_DATA_TIMEOUT.key(), values.get(Setting.SMTPD_DATA_TIMEOUT));
    }

    /** @return what to do with bare LF line ends */
    public BareNewlinePolicy smtpdForbidBareNewline() {
        return switch (values.get(Setting.SMTPD_FORBID_BARE_NEWLINE).toLowerCase(Locale.ROOT)) {
            case "yes", "reject" -> BareNewlinePolicy.REJECT;
            default -> BareNewlinePolicy.NORMALIZE;
        };
    }

    /** @return whether clients that pipeline without negotiating PIPELINING are disconnected */
    public boolean smtpdForbidUnauthPipelining() {
        return ConfigValues.bool("", values.get(Setting.SMTPD_FORBID_UNAUTH_PIPELINING));
    }

    /** @return the PEM certificate chain for inbound STARTTLS, if configured (then the key file is too) */
    public Optional<Path> smtpdTlsCertFile() {
        String v = values.get(Setting.SMTPD_TLS_CERT_FILE);
        return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
    }

    /** @return the PEM PKCS#8 private key for inbound STARTTLS, if configured */
    public Optional<Path> smtpdTlsKeyFile() {
        String v = values.get(Setting.SMTPD_TLS_KEY_FILE);
        return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
    }

    /** @return the spool directory */
    public Path queueDirectory() {
        return Path.of(values.get(Setting.QUEUE_DIRECTORY));
    }

    /** @return how long a message may stay deferred before it is returned as undeliverable */
    public Duration maximalQueueLifetime() {
        return duration(Setting.MAXIMAL_QUEUE_LIFETIME);
    }

    /** @return the same, for the relay's own DSNs (null sender) */
    public Duration bounceQueueLifetime() {
        return duration(Setting.BOUNCE_QUEUE_LIFETIME);
    }

    /** @return after how long in the queue the sender gets one delay notice; zero = never */
    public Duration delayWarningTime() {
        return duration(Setting.DELAY_WARNING_TIME);
    }

    /** @return the first retry delay after a deferral */
    public Duration minimalBackoffTime() {
        return duration(Setting.MINIMAL_BACKOFF_TIME);
    }

    /** @return the longest retry delay */
    public Duration maximalBackoffTime() {
        return duration(Setting.MAXIMAL_BACKOFF_TIME);
    }

    /** @return how many deliveries run in parallel */
    public int deliveryThreads() {
        return Integer.parseInt(values.get(Setting.DELIVERY_THREADS));
    }

    /** @return queue errors in a row after which a message is put on hold ({@code queue_error_limit}) */
    public int queueErrorLimit() {
        return count(Setting.QUEUE_ERROR_LIMIT);
    }

    /** @return the static route (Postfix {@code relayhost}, e.g. {@code [primary.example]:25}); empty for MX lookup */
    public String relayhost() {
        return values.get(Setting.RELAYHOST);
    }

    /** @return the IPv4 source address for outbound connections, if set */
    public Optional<InetAddress> smtpBindAddress() {
        return literal(Setting.SMTP_BIND_ADDRESS);
    }

    /** @return the IPv6 source address for outbound connections, if set */
    public Optional<InetAddress> smtpBindAddress6() {
        return literal(Setting.SMTP_BIND_ADDRESS6);
    }

    /**
     * @return whether outbound SMTP sessions are kept open for the next message to the same address
     *         ({@code smtp_connection_cache_on_demand})
     */
    public boolean smtpConnectionCacheOnDemand() {
        return ConfigValues.bool("", values.get(Setting.SMTP_CONNECTION_CACHE_ON_DEMAND));
    }

    /** @return how long a cached session waits idle for its next message ({@code smtp_connection_cache_time_limit}) */
    public Duration smtpConnectionCacheTimeLimit() {
        return duration(Setting.SMTP_CONNECTION_CACHE_TIME_LIMIT);
    }

    /** @return the age after which a session is not reused ({@code smtp_connection_reuse_time_limit}) */
    public Duration smtpConnectionReuseTimeLimit() {
        return duration(Setting.SMTP_CONNECTION_REUSE_TIME_LIMIT);
    }

    /**
     * @return transactions per session at most ({@code smtp_connection_reuse_count_limit}); a 0 in the file means
     *         no limit, as in Postfix, and is returned as {@link Integer#MAX_VALUE}
     */
    public int smtpConnectionReuseCountLimit() {
        int n = count(Setting.SMTP_CONNECTION_REUSE_COUNT_LIMIT);
        return n == 0 ? Integer.MAX_VALUE : n;
    }

    /**
     * @return a new outbound session cache with these limits, which the caller closes; {@code null} when
     *         {@code smtp_connection_cache_on_demand = no} (every message then gets its own session)
     */
    public ConnectionCache newConnectionCache() {
        if (!smtpConnectionCacheOnDemand()) {
            return null;
        }
        return new ConnectionCache(smtpConnectionCacheTimeLimit(), smtpConnectionReuseTimeLimit(),
                smtpConnectionReuseCountLimit());
    }

    /** @return the largest original returned whole in a DSN for RET=FULL ({@code bounce_size_limit}) */
    public int bounceSizeLimit() {
        return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(values.get(Setting.BOUNCE_SIZE_LIMIT)));
    }

    /**
     * Translates the outbound settings into the delivery side's own settings record.
     *
     * @throws ConfigException when a value is valid syntax but unusable there (e.g. an IPv6 smtp_bind_address)
     */
    public DeliverySettings deliverySettings() {
        try {
            String host = myhostname();
            DeliverySettings.Builder b = DeliverySettings.builder(host)
                    .addressPreference(AddressPreference.valueOf(
                            values.get(Setting.SMTP_ADDRESS_PREFERENCE).toUpperCase(Locale.ROOT)))
                    .mxAddressLimit(count(Setting.SMTP_MX_ADDRESS_LIMIT))
                    .mxSessionLimit(count(Setting.SMTP_MX_SESSION_LIMIT))
                    .port(Integer.parseInt(values.get(Setting.SMTP_PORT)))
                    .timeouts(new SmtpTimeouts(duration(Setting.SMTP_CONNECT_TIMEOUT), duration(Setting.SMTP_HELO_TIMEOUT),
                            duration(Setting.SMTP_STARTTLS_TIMEOUT), duration(Setting.SMTP_MAIL_TIMEOUT),
                            duration(Setting.SMTP_RCPT_TIMEOUT), duration(Setting.SMTP_DATA_INIT_TIMEOUT),
                            duration(Setting.SMTP_DATA_XFER_TIMEOUT), duration(Setting.SMTP_DATA_DONE_TIMEOUT),
                            duration(Setting.SMTP_QUIT_TIMEOUT)))
                    .tls(TlsLevel.valueOf(values.get(Setting.SMTP_TLS_SECURITY_LEVEL).toUpperCase(Locale.ROOT)))
                    .skip5xxGreeting(ConfigValues.bool("", values.get(Setting.SMTP_SKIP_5XX_GREETING)))
                    .dnsTimeout(duration(Setting.DNS_TIMEOUT))
                    .dnsServers(ConfigValues.list(values.get(Setting.DNS_SERVERS)).stream()
                            .map(RelayConfig::dnsServer).toList());
            if (!values.get(Setting.SMTP_HELO_NAME).isEmpty()) {
                b.heloName(values.get(Setting.SMTP_HELO_NAME));
            }
            if (!relayhost().isEmpty()) {
                b.relayhost(Relayhost.parse(relayhost()));
            }
            ConfigValues.list(values.get(Setting.SMTP_IPV4_ONLY_DESTINATIONS)).forEach(b::ipv4OnlyDestination);
            ConfigValues.list(values.get(Setting.SMTP_OWN_NAMES)).forEach(b::ownName);
            // RFC 5321 §5.1 self-detection, the Postfix way: inet_interfaces (all = every interface address)
            // plus proxy_interfaces; names are myhostname plus smtp_own_names.
            OwnAddresses.of(inetInterfaces(), proxyInterfaces()).forEach(b::ownAddress);
            smtpBindAddress().ifPresent(b::bindAddress);
            smtpBindAddress6().ifPresent(b::bindAddress6);
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** @return the DSN writer's settings */
    public DsnSettings dsnSettings() {
        return new DsnSettings(myhostname(), bounceSizeLimit(), ZoneId.systemDefault());
    }

    private int count(Setting s) {
        return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(values.get(s)));
    }

    /** Parses {@code 192.0.2.53}, {@code [2001:db8::53]:5353} or {@code 127.0.0.1:5353} (port 53 by default). */
    static InetSocketAddress dnsServer(String s) {
        String host = s;
        int port = 53;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new ConfigException("dns_servers: missing ']' in " + s);
            }
            host = s.substring(1, close);
            if (s.length() > close + 1) {
                if (s.charAt(close + 1) != ':') {
                    throw new ConfigException("dns_servers: junk after ']' in " + s);
                }
                port = (int) ConfigValues.nonNegative("dns_servers", s.substring(close + 2));
            }
        } else if (s.chars().filter(c -> c == ':').count() == 1) {
            host = s.substring(0, s.indexOf(':'));
            port = (int) ConfigValues.nonNegative("dns_servers", s.substring(s.indexOf(':') + 1));
        }
        InetAddress a = IpNetwork.literal(host);
        if (a == null || port < 1 || port > 65535) {
            throw new ConfigException("dns_servers: '" + s + "' is not an IP address with an optional port");
        }
        return new InetSocketAddress(a, port);
    }

    private Duration duration(Setting s) {
        return ConfigValues.duration(s.key(), values.get(s));
    }

    private Optional<InetAddress> literal(Setting s) {
        String v = values.get(s);
        return v.isEmpty() ? Optional.empty() : Optional.of(IpNetwork.literal(v));
    }

    /** Collects settings and validates them all at {@link #build()}. */
    public static final class Builder {
        private final Map<Setting, String> values = new EnumMap<>(Setting.class);

        private Builder() {
            for (Setting s : Setting.values()) {
                values.put(s, s.defaultValue());
            }
        }

        /** Sets a value by its configuration-file name. @throws ConfigException for an unknown name */
        public Builder set(String name, String value) {
            Setting s = Setting.byKey(name).orElseThrow(() -> new ConfigException("unknown setting '" + name + "'"));
            return set(s, value);
        }

        /** Sets a value. */
        public Builder set(Setting s, String value) {
            values.put(s, value == null ? "" : value.strip());
            return this;
        }

        /** Validates every value. @throws ConfigException naming the first bad setting */
        public RelayConfig build() {
            for (Map.Entry<Setting, String> e : values.entrySet()) {
                check(e.getKey(), e.getValue());
            }
            if (!ConfigValues.list(values.get(Setting.RELAY_DOMAINS)).isEmpty()
                    && values.get(Setting.RELAY_RECIPIENT_MAPS).isEmpty()) {
                // Postfix would accept every local part here; that is how relays become backscatter sources.
                throw new ConfigException("relay_domains is set but relay_recipient_maps is empty: the relay must know "
                        + "the valid recipients, or it accepts mail it can never deliver");
            }
            if (values.get(Setting.SMTPD_TLS_CERT_FILE).isEmpty() != values.get(Setting.SMTPD_TLS_KEY_FILE).isEmpty()) {
                throw new ConfigException("smtpd_tls_cert_file and smtpd_tls_key_file must be set together");
            }
            if (ConfigValues.duration("", values.get(Setting.SMTP_CONNECTION_CACHE_TIME_LIMIT)).compareTo(
                    ConfigValues.duration("", values.get(Setting.SMTP_CONNECTION_REUSE_TIME_LIMIT))) > 0) {
                // A session kept idle past the age at which it may be reused would only be closed unused.
                throw new ConfigException("smtp_connection_cache_time_limit ("
                        + values.get(Setting.SMTP_CONNECTION_CACHE_TIME_LIMIT)
                        + ") must not be longer than smtp_connection_reuse_time_limit ("
                        + values.get(Setting.SMTP_CONNECTION_REUSE_TIME_LIMIT) + ")");
            }
            RelayConfig c = new RelayConfig(new EnumMap<>(values));
            c.deliverySettings(); // cross-checks (address families, relayhost syntax) fail here, at start
            return c;
        }

        private static void check(Setting s, String v) {
            String n = s.key();
            switch (s.kind()) {
                case PORT -> {
                    long p = ConfigValues.nonNegative(n, v);
                    if (p > 65535) {
                        throw new ConfigException(n + ": port " + p + " is out of range");
                    }
                }
                case SIZE, COUNT -> {
                    long x = ConfigValues.nonNegative(n, v);
                    if (s.kind() == Setting.Kind.COUNT && (x > Integer.MAX_VALUE || x == 0 && mustBePositive(s))) {
                        throw new ConfigException(n + ": '" + v + "' must be between 1 and " + Integer.MAX_VALUE);
                    }
                }
                case DURATION -> {
                    // 0 = "off" only where Postfix gives it that meaning.
                    if (ConfigValues.duration(n, v).isZero() && s != Setting.SMTPD_TIMEOUT
                            && s != Setting.DELAY_WARNING_TIME) {
                        throw new ConfigException(n + ": must be longer than zero");
                    }
                }
                case BOOLEAN -> ConfigValues.bool(n, v);
                case LIST, STRING -> { }
            }
            switch (s) {
                case MYNETWORKS -> ConfigValues.list(v).forEach(x -> {
                    try {
                        IpNetwork.parse(x);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException("mynetworks: " + e.getMessage());
                    }
                });
                case INET_INTERFACES -> ConfigValues.list(v).forEach(x -> {
                    if (!x.equals("all") && IpNetwork.literal(x) == null) {
                        throw new ConfigException("inet_interfaces: '" + x + "' is neither 'all' nor an IP address");
                    }
                });
                case SMTPD_FORBID_BARE_NEWLINE -> {
                    if (!List.of("normalize", "yes", "reject").contains(v.toLowerCase(Locale.ROOT))) {
                        throw new ConfigException(n + ": '" + v + "' must be normalize or yes");
                    }
                }
                case SMTP_TLS_SECURITY_LEVEL -> {
                    if (!List.of("none", "may", "verify").contains(v.toLowerCase(Locale.ROOT))) {
                        throw new ConfigException(n + ": '" + v + "' must be none, may or verify");
                    }
                }
                case RECIPIENT_DELIMITER -> {
                    // Characters that can stand unquoted in a local-part (RFC 5322 atext) and are not letters or
                    // digits, which would cut ordinary names.
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        if ("!#$%&'*+-/=?^_`{|}~.".indexOf(c) < 0) {
                            throw new ConfigException(n + ": '" + c + "' cannot be a delimiter (use characters such "
                                    + "as + - _ = .)");
                        }
                    }
                }
                case DNS_SERVERS -> ConfigValues.list(v).forEach(RelayConfig::dnsServer);
                case RELAYHOST -> {
                    if (!v.isEmpty()) {
                        try {
                            Relayhost.parse(v);
                        } catch (IllegalArgumentException e) {
                            throw new ConfigException(e.getMessage());
                        }
                    }
                }
                case PROXY_INTERFACES -> ConfigValues.list(v).forEach(x -> {
                    if (IpNetwork.literal(x) == null) {
                        throw new ConfigException(n + ": '" + x + "' is not an IP address");
                    }
                });
                case SMTP_ADDRESS_PREFERENCE -> {
                    if (!List.of("ipv6", "ipv4", "any").contains(v.toLowerCase(Locale.ROOT))) {
                        throw new ConfigException(n + ": '" + v + "' must be ipv6, ipv4 or any");
                    }
                }
                case SMTP_BIND_ADDRESS, SMTP_BIND_ADDRESS6 -> {
                    if (!v.isEmpty() && IpNetwork.literal(v) == null) {
                        throw new ConfigException(n + ": '" + v + "' is not an IP address");
                    }
                }
                case SMTP_CONNECTION_REUSE_COUNT_LIMIT -> {
                    if (ConfigValues.nonNegative(n, v) > Integer.MAX_VALUE) {
                        throw new ConfigException(n + ": '" + v + "' must be between 0 (no limit) and "
                                + Integer.MAX_VALUE);
                    }
                }
                case QUEUE_DIRECTORY -> {
                    if (v.isEmpty()) {
                        throw new ConfigException(n + ": must not be empty");
                    }
                }
                default -> { }
            }
        }

        private static boolean mustBePositive(Setting s) {
            // 0 = "no limit" only where Postfix gives it that meaning.
            return s != Setting.SMTPD_CLIENT_CONNECTION_COUNT_LIMIT && s != Setting.SMTP_MX_ADDRESS_LIMIT
                    && s != Setting.SMTP_MX_SESSION_LIMIT;
        }
    }
}
