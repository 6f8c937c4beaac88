package dev.mx20.rest.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Whether the service hosts the relay ({@code mx20.relay.*}, documented in docs/configuration.md).
 * Only these two keys: every relay setting lives in the relay's own configuration file, so the standalone relay
 * and the hosted one read the same file and cannot drift apart.
 */
@ConfigMapping(prefix = "mx20.relay")
public interface RelayHostingConfig {

    /** Host the relay. Off by default: the service must run with no setup and no SMTP port. */
    @WithDefault("false")
    boolean enabled();

    /** The relay configuration file (Postfix main.cf syntax, docs/relay.md); required when enabled. */
    Optional<String> configFile();
}
