package dev.mx20.rest.relay;

import dev.mx20.relay.MxRelay;
import dev.mx20.relay.config.ConfigException;
import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.spool.CorruptMessage;
import dev.mx20.relay.spool.SpooledMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Owns the relay the service hosts: builds and starts it when the service starts (if {@code mx20.relay.enabled}),
 * closes it when the service stops. A relay that cannot start stops the service's start-up: running the HTTP API
 * while the SMTP side is silently down would hide lost mail.
 *
 * <p>Thread safety: {@link #relay} is written once after {@code start()} returned and cleared before
 * {@code close()}, and it is volatile, so request threads see either nothing or a fully started relay.
 */
@Singleton
public class HostedRelay {
    private static final Logger LOG = Logger.getLogger(HostedRelay.class);

    private final RelayHostingConfig config;
    private volatile MxRelay relay;
    private volatile boolean stopped;

    public HostedRelay(RelayHostingConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        Optional<RelayConfig> settings = RelayConfigLoader.load(config.enabled(), config.configFile());
        if (settings.isEmpty()) {
            LOG.debug("mx20.relay.enabled=false: the relay is not hosted");
            return;
        }
        MxRelay r = MxRelay.builder(settings.get()).build();
        try {
            r.start();
        } catch (IOException e) {
            // start() has already closed what it opened (spool lock, queue threads).
            throw new UncheckedIOException("mx20.relay: the hosted relay cannot start (" + config.configFile().orElse("")
                    + "): " + e.getMessage(), e);
        } catch (ConfigException e) {
            // Settings that are only checked on start (the recipient list file).
            throw new ConfigurationException(RelayConfigLoader.CONFIG_FILE + ": the hosted relay cannot start: "
                    + e.getMessage(), e, Set.of(RelayConfigLoader.CONFIG_FILE));
        }
        relay = r;
        LOG.infof("mx20 relay hosted: SMTP on %s, spool %s", r.smtpAddresses(), settings.get().queueDirectory());
    }

    void onStop(@Observes ShutdownEvent event) {
        MxRelay r = relay;
        relay = null;
        stopped = true;
        if (r != null) {
            r.close(); // listeners first, then the queue; everything spooled stays for the next start
        }
    }

    /** @return whether the service is configured to host the relay */
    public boolean enabled() {
        return config.enabled();
    }

    /** @return the running relay, or empty when it is not hosted or already stopped */
    public Optional<MxRelay> running() {
        return Optional.ofNullable(relay);
    }

    /** @return whether the relay was hosted and has been closed (service shutting down) */
    boolean stopped() {
        return stopped;
    }

    /** @return the SMTP listening addresses, empty when not running */
    public List<InetSocketAddress> smtpAddresses() {
        MxRelay r = relay;
        return r == null ? List.of() : r.smtpAddresses();
    }

    /** Lists the queue of the running relay. @throws IllegalStateException when it is not running */
    List<SpooledMessage> listQueue() throws IOException {
        return require().listQueue();
    }

    /** Lists the corrupt queue of the running relay. @throws IllegalStateException when it is not running */
    List<CorruptMessage> listCorrupt() throws IOException {
        return require().listCorrupt();
    }

    /** Flushes the queue of the running relay. @throws IllegalStateException when it is not running */
    int flushQueue() {
        return require().flushQueue();
    }

    /** Holds a message of the running relay. @throws IllegalStateException when it is not running */
    Optional<SpooledMessage> holdMessage(String queueId) throws IOException {
        return require().holdMessage(queueId);
    }

    /** Releases a held message of the running relay. @throws IllegalStateException when it is not running */
    Optional<SpooledMessage> releaseMessage(String queueId) throws IOException {
        return require().releaseMessage(queueId);
    }

    /** Deletes a message of the running relay. @throws IllegalStateException when it is not running */
    boolean deleteMessage(String queueId) throws IOException {
        return require().deleteMessage(queueId);
    }

    private MxRelay require() {
        MxRelay r = relay;
        if (r == null) {
            throw new IllegalStateException("relay not running");
        }
        return r;
    }
}
