package dev.mx20.relay;

import dev.mx20.relay.config.ConfigException;
import dev.mx20.relay.config.RelayConfig;
import dev.mx20.relay.delivery.DeliveryAgent;
import dev.mx20.relay.delivery.DeliverySettings;
import dev.mx20.relay.delivery.SmtpDeliveryAgent;
import dev.mx20.relay.delivery.client.ConnectionCache;
import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.dsn.DsnWriter;
import dev.mx20.relay.policy.RecipientList;
import dev.mx20.relay.policy.RelayPolicy;
import dev.mx20.relay.queue.Backoff;
import dev.mx20.relay.queue.DeliveryQueue;
import dev.mx20.relay.smtp.SmtpServer;
import dev.mx20.relay.spool.CorruptMessage;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The MX 20 relay, embeddable: an inbound SMTP server that accepts mail for the relayed domains' listed recipients
 * (and anything from trusted networks), a durable spool, and a queue that delivers over IPv6 and IPv4.
 *
 * <pre>{@code
 * RelayConfig config = ConfigFile.parse(Path.of("/etc/mx20/relay.cf"));
 * try (MxRelay relay = MxRelay.builder(config).build()) {
 *     relay.start();
 *     ...
 * }
 * }</pre>
 *
 * Start order: spool (crash recovery), queue (resumes what is spooled), then the listeners, so nothing is accepted
 * before it can be delivered. Stop order is the reverse.
 */
public final class MxRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MxRelay.class.getName());

    private final RelayConfig config;
    private final DeliveryAgent suppliedAgent;
    private final Clock clock;
    // The relay's own DNS lookup and session cache, when it builds its SMTP agent itself: made by start() and
    // closed by close() (UDP sockets and their event-loop thread; idle outbound sessions), so that a relay that is
    // closed holds nothing open and one that is started again gets fresh ones.
    private LiveDnsLookup ownDns;
    private ConnectionCache ownConnections;
    // Volatile: the queue methods read them without the lock (they must not wait for a slow start or close),
    // each exactly once per call, so a concurrent close() gives "not started", never a NullPointerException.
    private volatile Spool spool;
    private volatile DeliveryQueue queue;
    private volatile SmtpServer server;

    private MxRelay(Builder b) {
        this.config = b.config;
        this.suppliedAgent = b.agent;
        this.clock = b.clock;
    }

    /** @return a builder for a relay with these settings */
    public static Builder builder(RelayConfig config) {
        return new Builder(config);
    }

    /**
     * Opens the spool, resumes queued mail and starts listening.
     *
     * @throws IOException     when the spool is unusable or an address cannot be bound
     * @throws ConfigException when the recipient list cannot be loaded
     */
    public synchronized void start() throws IOException {
        if (spool != null) {
            throw new IllegalStateException("already started");
        }
        RelayPolicy policy = new RelayPolicy(config.relayDomains(), loadRecipients(), config.mynetworks(),
                config.recipientDelimiter());
        spool = Spool.open(config.queueDirectory(), clock);
        try {
            DeliveryAgent agent = suppliedAgent;
            if (agent == null) {
                DeliverySettings ds = config.deliverySettings();
                ownDns = LiveDnsLookup.create(ds.dnsServers(), ds.dnsTimeout());
                ownConnections = config.newConnectionCache(); // null: smtp_connection_cache_on_demand = no
                agent = new SmtpDeliveryAgent(ds, ownDns, clock, ownConnections);
            }
            queue = new DeliveryQueue(spool, agent, new DsnWriter(config.dsnSettings(), clock),
                    new Backoff(config.minimalBackoffTime(), config.maximalBackoffTime()), config.maximalQueueLifetime(),
                    config.bounceQueueLifetime(), config.delayWarningTime(), config.deliveryThreads(),
                    config.queueErrorLimit(), clock);
            queue.start();
            server = new SmtpServer(config, policy, spool, queue, clock);
            server.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("mx20 relay started as " + config.myhostname() + " on " + server.localAddresses());
    }

    private RecipientList loadRecipients() {
        if (config.relayRecipientMaps().isEmpty()) {
            return null;
        }
        try {
            return RecipientList.load(config.relayRecipientMaps().get());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("relay_recipient_maps: " + e.getMessage(), e);
        }
    }

    /** @return the addresses the SMTP server listens on (after {@link #start()}) */
    public List<InetSocketAddress> smtpAddresses() {
        SmtpServer s = server;
        return s == null ? List.of() : s.localAddresses();
    }

    /**
     * @return the queued messages, oldest first (like {@code mailq}); held ones included. Safe while deliveries
     *         run: each envelope is replaced by an atomic rename, so every entry is one consistent state.
     */
    public List<SpooledMessage> listQueue() throws IOException {
        return started().list();
    }

    /**
     * @return the corrupt queue: messages the relay accepted but can neither deliver nor bounce (envelope unreadable,
     *         content gone), oldest first; {@link #releaseMessage} puts a repaired one back, {@link #deleteMessage}
     *         removes one
     */
    public List<CorruptMessage> listCorrupt() throws IOException {
        Spool s = spool;
        if (s == null) {
            throw new IllegalStateException("relay not started");
        }
        return s.listCorrupt();
    }

    /** Retries every deferred message now (like {@code postqueue -f}); held ones stay held. @return how many */
    public int flushQueue() {
        return started().flush();
    }

    /**
     * Puts a message on hold (like {@code postsuper -h}): kept, listed, not retried, across restarts.
     *
     * @return the message, or empty when no message has this queue id
     */
    public Optional<SpooledMessage> holdMessage(String queueId) throws IOException {
        return Spool.isQueueId(queueId) ? started().hold(queueId) : Optional.empty();
    }

    /**
     * Releases a held message (like {@code postsuper -H}); it is retried now.
     *
     * @return the message, or empty when no message has this queue id
     */
    public Optional<SpooledMessage> releaseMessage(String queueId) throws IOException {
        return Spool.isQueueId(queueId) ? started().release(queueId) : Optional.empty();
    }

    /**
     * Deletes a message without notifying its sender (like {@code postsuper -d}).
     *
     * @return whether a message had this queue id
     */
    public boolean deleteMessage(String queueId) throws IOException {
        return Spool.isQueueId(queueId) && started().delete(queueId);
    }

    private DeliveryQueue started() {
        DeliveryQueue q = queue;
        if (q == null) {
            throw new IllegalStateException("relay not started");
        }
        return q;
    }

    /** Stops listening, then delivery; everything queued stays in the spool for the next start. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
        }
        if (queue != null) {
            queue.close();
        }
        if (spool != null) {
            try {
                spool.close();
            } catch (IOException e) {
                LOG.warning("closing spool: " + e.getMessage());
            }
        }
        // After the queue: its workers are done with the agent.
        if (ownConnections != null) {
            ownConnections.close();
        }
        if (ownDns != null) {
            ownDns.close();
        }
        server = null;
        queue = null;
        spool = null;
        ownConnections = null;
        ownDns = null;
    }

    /** Collects the optional parts; the settings are required. */
    public static final class Builder {
        private final RelayConfig config;
        private DeliveryAgent agent;
        private Clock clock = Clock.systemUTC();

        private Builder(RelayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Replaces the SMTP delivery agent (tests, or embedding with another transport). */
        public Builder deliveryAgent(DeliveryAgent agent) {
            this.agent = agent;
            return this;
        }

        /** The clock for timestamps (arrival, retries, expiry). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return the relay, not yet started */
        public MxRelay build() {
            return new MxRelay(this);
        }
    }
}
