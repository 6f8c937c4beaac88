package dev.mx20.rest.relay;

import dev.mx20.relay.config.ConfigException;
import dev.mx20.relay.config.ConfigFile;
import dev.mx20.relay.config.RelayConfig;
import io.quarkus.runtime.configuration.ConfigurationException;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the two {@code mx20.relay.*} keys into the relay's settings, or a start-up error that says which key to fix
 * and how. Kept apart from {@link HostedRelay} so that every refusal can be tested without starting the service.
 */
final class RelayConfigLoader {
    static final String ENABLED = "mx20.relay.enabled";
    static final String CONFIG_FILE = "mx20.relay.config-file";

    private RelayConfigLoader() {
    }

    /**
     * @return the relay settings, or empty when the relay is not to be hosted
     * @throws ConfigurationException when enabled without a usable configuration file (the service must not
     *                                start half-configured: a relay that silently does not run loses mail)
     */
    static Optional<RelayConfig> load(boolean enabled, Optional<String> configFile) {
        if (!enabled) {
            return Optional.empty();
        }
        String name = configFile.map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> refuse(ENABLED + "=true but " + CONFIG_FILE + " is not set: set it to the path of "
                        + "the relay configuration file (docs/relay.md), or set " + ENABLED + "=false"));
        Path file;
        try {
            file = Path.of(name);
        } catch (InvalidPathException e) {
            throw refuse(CONFIG_FILE + "='" + name + "' is not a valid path: " + e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            throw refuse(CONFIG_FILE + "=" + file + ": no such file (the relay configuration file must exist; "
                    + "`java -jar relay-core/target/relay-core-<version>.jar -c " + file + " check` validates one)");
        }
        try {
            return Optional.of(ConfigFile.parse(file));
        } catch (ConfigException e) {
            // ConfigFile's message already names the file, the line and the setting.
            throw refuse(CONFIG_FILE + ": invalid relay configuration: " + e.getMessage());
        }
    }

    private static ConfigurationException refuse(String message) {
        return new ConfigurationException(message, Set.of(CONFIG_FILE));
    }
}
