package dev.mx20.relay.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every relay setting, with its name (Postfix's where Postfix has one), its default and the kind of value it takes.
 * {@code docs/relay.md} documents each one; keep the two in step.
 */
public enum Setting {
    MYHOSTNAME("myhostname", "", Kind.STRING),
    INET_INTERFACES("inet_interfaces", "all", Kind.LIST),
    SMTPD_PORT("smtpd_port", "25", Kind.PORT),
    RELAY_DOMAINS("relay_domains", "", Kind.LIST),
    RELAY_RECIPIENT_MAPS("relay_recipient_maps", "", Kind.STRING),
    RECIPIENT_DELIMITER("recipient_delimiter", "", Kind.STRING),
    MYNETWORKS("mynetworks", "127.0.0.0/8, [::1]/128", Kind.LIST),
    PROXY_INTERFACES("proxy_interfaces", "", Kind.LIST),
    MESSAGE_SIZE_LIMIT("message_size_limit", "10240000", Kind.SIZE),
    SMTPD_RECIPIENT_LIMIT("smtpd_recipient_limit", "1000", Kind.COUNT),
    SMTPD_CLIENT_CONNECTION_COUNT_LIMIT("smtpd_client_connection_count_limit", "50", Kind.COUNT),
    DEFAULT_PROCESS_LIMIT("default_process_limit", "100", Kind.COUNT),
    SMTPD_TIMEOUT("smtpd_timeout", "300s", Kind.DURATION),
    SMTPD_DATA_TIMEOUT("smtpd_data_timeout", "300s", Kind.DURATION),
    SMTPD_FORBID_BARE_NEWLINE("smtpd_forbid_bare_newline", "normalize", Kind.STRING),
    SMTPD_FORBID_UNAUTH_PIPELINING("smtpd_forbid_unauth_pipelining", "yes", Kind.BOOLEAN),
    SMTPD_TLS_CERT_FILE("smtpd_tls_cert_file", "", Kind.STRING),
    SMTPD_TLS_KEY_FILE("smtpd_tls_key_file", "", Kind.STRING),
    QUEUE_DIRECTORY("queue_directory", "/var/spool/mx20-relay", Kind.STRING),
    MAXIMAL_QUEUE_LIFETIME("maximal_queue_lifetime", "5d", Kind.DURATION),
    BOUNCE_QUEUE_LIFETIME("bounce_queue_lifetime", "5d", Kind.DURATION),
    DELAY_WARNING_TIME("delay_warning_time", "4h", Kind.DURATION),
    MINIMAL_BACKOFF_TIME("minimal_backoff_time", "300s", Kind.DURATION),
    MAXIMAL_BACKOFF_TIME("maximal_backoff_time", "4000s", Kind.DURATION),
    DELIVERY_THREADS("delivery_threads", "20", Kind.COUNT),
    QUEUE_ERROR_LIMIT("queue_error_limit", "5", Kind.COUNT),
    RELAYHOST("relayhost", "", Kind.STRING),
    SMTP_ADDRESS_PREFERENCE("smtp_address_preference", "ipv6", Kind.STRING),
    SMTP_IPV4_ONLY_DESTINATIONS("smtp_ipv4_only_destinations", "", Kind.LIST),
    SMTP_MX_ADDRESS_LIMIT("smtp_mx_address_limit", "5", Kind.SIZE),
    SMTP_MX_SESSION_LIMIT("smtp_mx_session_limit", "2", Kind.SIZE),
    SMTP_PORT("smtp_port", "25", Kind.PORT),
    SMTP_HELO_NAME("smtp_helo_name", "", Kind.STRING),
    SMTP_OWN_NAMES("smtp_own_names", "", Kind.LIST),
    SMTP_TLS_SECURITY_LEVEL("smtp_tls_security_level", "may", Kind.STRING),
    SMTP_SKIP_5XX_GREETING("smtp_skip_5xx_greeting", "yes", Kind.BOOLEAN),
    SMTP_CONNECT_TIMEOUT("smtp_connect_timeout", "30s", Kind.DURATION),
    SMTP_HELO_TIMEOUT("smtp_helo_timeout", "300s", Kind.DURATION),
    SMTP_STARTTLS_TIMEOUT("smtp_starttls_timeout", "300s", Kind.DURATION),
    SMTP_MAIL_TIMEOUT("smtp_mail_timeout", "300s", Kind.DURATION),
    SMTP_RCPT_TIMEOUT("smtp_rcpt_timeout", "300s", Kind.DURATION),
    SMTP_DATA_INIT_TIMEOUT("smtp_data_init_timeout", "120s", Kind.DURATION),
    SMTP_DATA_XFER_TIMEOUT("smtp_data_xfer_timeout", "180s", Kind.DURATION),
    SMTP_DATA_DONE_TIMEOUT("smtp_data_done_timeout", "600s", Kind.DURATION),
    SMTP_QUIT_TIMEOUT("smtp_quit_timeout", "300s", Kind.DURATION),
    SMTP_CONNECTION_CACHE_ON_DEMAND("smtp_connection_cache_on_demand", "yes", Kind.BOOLEAN),
    SMTP_CONNECTION_CACHE_TIME_LIMIT("smtp_connection_cache_time_limit", "2s", Kind.DURATION),
    SMTP_CONNECTION_REUSE_TIME_LIMIT("smtp_connection_reuse_time_limit", "300s", Kind.DURATION),
    SMTP_CONNECTION_REUSE_COUNT_LIMIT("smtp_connection_reuse_count_limit", "100", Kind.SIZE),
    SMTP_BIND_ADDRESS("smtp_bind_address", "", Kind.STRING),
    SMTP_BIND_ADDRESS6("smtp_bind_address6", "", Kind.STRING),
    BOUNCE_SIZE_LIMIT("bounce_size_limit", "50000", Kind.SIZE),
    DNS_SERVERS("dns_servers", "", Kind.LIST),
    DNS_TIMEOUT("dns_timeout", "5s", Kind.DURATION);

    /** The syntactic kind of a setting's value; {@link ConfigValues} parses each kind. */
    public enum Kind { STRING, LIST, PORT, SIZE, COUNT, DURATION, BOOLEAN }

    private static final Map<String, Setting> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(s -> s.key, Function.identity()));

    private final String key;
    private final String defaultValue;
    private final Kind kind;

    Setting(String key, String defaultValue, Kind kind) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.kind = kind;
    }

    /** @return the name as written in the configuration file, e.g. {@code message_size_limit} */
    public String key() {
        return key;
    }

    /** @return the value used when the file does not set this setting */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return the kind of value this setting takes */
    public Kind kind() {
        return kind;
    }

    /** @return the setting called {@code name} (case-insensitive), if there is one */
    public static Optional<Setting> byKey(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }
}
