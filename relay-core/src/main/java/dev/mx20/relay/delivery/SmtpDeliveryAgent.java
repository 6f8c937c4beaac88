package dev.mx20.relay.delivery;

import dev.mx20.relay.delivery.client.AttemptResult;
import dev.mx20.relay.delivery.client.ConnectionCache;
import dev.mx20.relay.delivery.client.RcptResult;
import dev.mx20.relay.delivery.client.SmtpClient;
import dev.mx20.relay.dns.DnsLookup;
import dev.mx20.relay.dns.LiveDnsLookup;
import dev.mx20.relay.delivery.route.Route;
import dev.mx20.relay.delivery.route.RouteResolver;
import dev.mx20.relay.delivery.route.Target;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The relay's {@link DeliveryAgent}: routes each recipient's domain ({@link RouteResolver}), then tries the
 * addresses in order ({@link SmtpClient}) until every recipient has a final answer or the addresses (or the session
 * limit) run out, as RFC 5321 §5.1 and Postfix's smtp(8) do:
 * <ul>
 *   <li>2xx after the final dot: {@link RecipientOutcome.Result#DELIVERED};</li>
 *   <li>5xx to RCPT/MAIL/DATA (but 552 to RCPT, RFC 5321 §4.5.3.1.10: temporary), or a permanent routing failure:
 *       {@link RecipientOutcome.Result#FAILED};</li>
 *   <li>4xx, connection failures, timeouts: the recipient goes on to the next address (a backup MX may take it);
 *       when none is left it is {@link RecipientOutcome.Result#DEFERRED} with the last server reply, or the last
 *       local error when no server replied.</li>
 * </ul>
 * One log line per recipient per attempt on the {@link System.Logger} {@value #LOGGER}, in Postfix's shape:
 * {@code QUEUEID: to=<rcpt>, relay=host[addr]:port, family=ipv6, status=sent (250 2.0.0 Ok)}.
 *
 * <p>Recipients with different domains are routed separately; with a {@link Relayhost} all go the same way.
 * Sessions are reused across messages to the same address ({@link ConnectionCache}, Postfix's limits) unless the
 * agent is built without a cache. Thread-safe: share one instance.
 */
public final class SmtpDeliveryAgent implements DeliveryAgent {
    /** The logger name of the per-attempt log lines. */
    public static final String LOGGER = "dev.mx20.relay.delivery";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final DeliverySettings settings;
    private final RouteResolver routes;
    private final SmtpClient client;
    private final Clock clock;

    /** An agent that queries the DNS servers named in the settings (or the system's). */
    public SmtpDeliveryAgent(DeliverySettings settings) {
        this(settings, LiveDnsLookup.create(settings.dnsServers(), settings.dnsTimeout()), Clock.systemUTC());
    }

    /** An agent with an explicit DNS lookup and clock (tests, embedding), reusing sessions. */
    public SmtpDeliveryAgent(DeliverySettings settings, DnsLookup dns, Clock clock) {
        this(settings, dns, clock, new ConnectionCache());
    }

    /**
     * An agent with an explicit DNS lookup, clock and session cache.
     *
     * @param connections where sessions wait for the next message to their address; {@code null}: one session
     *                    per delivery, ended with QUIT
     */
    public SmtpDeliveryAgent(DeliverySettings settings, DnsLookup dns, Clock clock, ConnectionCache connections) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Random random = settings.randomSeed() == null ? new Random() : new Random(settings.randomSeed());
        this.routes = new RouteResolver(settings, dns, random);
        this.client = new SmtpClient(settings, connections);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<RecipientOutcome> deliver(OutboundMessage message) {
        List<OutboundRecipient> all = message.recipients();
        RecipientOutcome[] outcomes = new RecipientOutcome[all.size()];
        Map<String, List<Integer>> byDestination = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            String address = all.get(i).address();
            int at = address.lastIndexOf('@');
            if (settings.relayhost() == null && (at < 0 || at == address.length() - 1)) {
                outcomes[i] = outcome(address, RecipientOutcome.Result.FAILED, "5.1.3", 0,
                        "bad address syntax: no domain in <" + address + ">", null);
                log(message, address, null, outcomes[i]);
                continue;
            }
            String key = settings.relayhost() != null ? "" : DeliverySettings.hostKey(address.substring(at + 1));
            byDestination.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> e : byDestination.entrySet()) {
            deliverTo(e.getKey(), e.getValue(), message, outcomes);
        }
        return List.of(outcomes);
    }

    private void deliverTo(String domain, List<Integer> indices, OutboundMessage message,
                           RecipientOutcome[] outcomes) {
        Route route;
        try {
            route = routes.resolve(domain);
        } catch (RuntimeException e) {
            // A resolver bug must not lose the message: defer it and say why.
            route = new Route.Failure(domain, false, "4.3.0", "routing failed: " + e);
        }
        if (route instanceof Route.Failure f) {
            for (int i : indices) {
                String rcpt = message.recipients().get(i).address();
                outcomes[i] = outcome(rcpt, f.permanent() ? RecipientOutcome.Result.FAILED
                        : RecipientOutcome.Result.DEFERRED, f.status(), 0, f.diagnostic(), null);
                log(message, rcpt, null, outcomes[i]);
            }
            return;
        }
        List<Target> targets = ((Route.Targets) route).targets();
        List<Integer> pending = new ArrayList<>(indices);
        Map<Integer, RcptResult> lastSoft = new LinkedHashMap<>();
        Map<Integer, Target> lastTarget = new LinkedHashMap<>();
        Map<Integer, Boolean> lastReached = new LinkedHashMap<>();
        int sessions = 0;
        for (int ti = 0; ti < targets.size(); ti++) {
            Target t = targets.get(ti);
            if (pending.isEmpty()
                    || (settings.mxSessionLimit() > 0 && sessions >= settings.mxSessionLimit())) {
                break;
            }
            List<OutboundRecipient> batch = pending.stream().map(message.recipients()::get).toList();
            AttemptResult attempt = attempt(t, message, batch, true);
            if (attempt.tlsHandshakeFailed() && settings.tls() == TlsLevel.MAY) {
                // Opportunistic TLS must not make mail undeliverable: same address, plaintext (as Postfix).
                attempt = attempt(t, message, batch, false);
            }
            if (attempt.greeted()) {
                sessions++;
            }
            List<Integer> stillPending = new ArrayList<>();
            boolean progress = false;
            boolean tooMany = false;
            for (int k = 0; k < batch.size(); k++) {
                int i = pending.get(k);
                RcptResult r = attempt.recipients().get(k);
                String rcpt = batch.get(k).address();
                switch (r.disposition()) {
                    case DELIVERED -> {
                        outcomes[i] = fromResult(rcpt, RecipientOutcome.Result.DELIVERED, r, t, true);
                        progress = true;
                    }
                    case FAILED -> {
                        outcomes[i] = fromResult(rcpt, RecipientOutcome.Result.FAILED, r, t, attempt.greeted());
                        progress = true;
                    }
                    case RETRY -> {
                        // Report the last server reply rather than a later "connection refused": it says more.
                        RcptResult before = lastSoft.get(i);
                        if (before == null || r.replyCode() > 0 || before.replyCode() == 0) {
                            lastSoft.put(i, r);
                            lastTarget.put(i, t);
                            lastReached.put(i, attempt.greeted());
                        }
                        stillPending.add(i);
                        tooMany |= (r.replyCode() == 452 || r.replyCode() == 552) && "RCPT TO".equals(r.command());
                    }
                }
                RecipientOutcome logged = outcomes[i] != null ? outcomes[i]
                        : fromResult(rcpt, RecipientOutcome.Result.DEFERRED, r, t, attempt.greeted());
                log(message, rcpt, t, logged, r.command());
            }
            pending = stillPending;
            if (progress && tooMany && !pending.isEmpty()) {
                // RFC 5321 §4.5.3.1.10: a server may take only some recipients per transaction (452) and the
                // client sends the rest in another one. Same address again; it made progress, so this ends.
                ti--;
                sessions--;
            }
        }
        for (int i : pending) {
            RcptResult r = lastSoft.get(i);
            String rcpt = message.recipients().get(i).address();
            outcomes[i] = r == null
                    ? outcome(rcpt, RecipientOutcome.Result.DEFERRED, "4.4.1", 0, "no address of "
                    + route.destination() + " could be tried", null)
                    : fromResult(rcpt, RecipientOutcome.Result.DEFERRED, r, lastTarget.get(i), lastReached.get(i));
        }
    }

    /** One session; a bug in the client becomes a deferral, never an exception out of {@link #deliver}. */
    private AttemptResult attempt(Target t, OutboundMessage message, List<OutboundRecipient> batch, boolean tls) {
        try {
            return client.attempt(t, message, batch, tls);
        } catch (RuntimeException e) {
            RcptResult r = new RcptResult(RcptResult.Disposition.RETRY, 0, "4.3.0",
                    "internal error talking to " + t + ": " + e, "session");
            return new AttemptResult(false, false, java.util.Collections.nCopies(batch.size(), r));
        }
    }

    /**
     * @param reached whether a server answered in that session (it greeted): only then are the remote MTA and
     *                address reported, since a refused or timed-out connection reached nobody
     */
    private RecipientOutcome fromResult(String rcpt, RecipientOutcome.Result result, RcptResult r, Target t,
                                        boolean reached) {
        String status = r.status();
        // Keep the class of the status consistent with the result (a softened 5xx greeting is a deferral).
        if (result == RecipientOutcome.Result.DEFERRED && !status.startsWith("4")) {
            status = "4" + status.substring(1);
        }
        boolean answered = reached || r.replyCode() > 0;
        return new RecipientOutcome(rcpt, result, status, r.replyCode(), r.diagnostic(),
                answered ? t.host() : null, answered ? t.address().getHostAddress() : null, clock.instant());
    }

    private RecipientOutcome outcome(String rcpt, RecipientOutcome.Result result, String status, int code,
                                     String diagnostic, Target t) {
        Instant now = clock.instant();
        return new RecipientOutcome(rcpt, result, status, code, diagnostic, t == null ? null : t.host(),
                t == null ? null : t.address().getHostAddress(), now);
    }

    private void log(OutboundMessage m, String rcpt, Target t, RecipientOutcome o) {
        log(m, rcpt, t, o, null);
    }

    private void log(OutboundMessage m, String rcpt, Target t, RecipientOutcome o, String command) {
        String status = switch (o.result()) {
            case DELIVERED -> "sent";
            case FAILED -> "bounced";
            case DEFERRED -> "deferred";
        };
        String reply = o.replyCode() > 0
                ? "host " + t + " said: " + o.replyCode() + " " + o.diagnostic() + " (in reply to " + command + ")"
                : o.diagnostic();
        System.Logger.Level level = o.result() == RecipientOutcome.Result.DELIVERED
                ? System.Logger.Level.INFO : System.Logger.Level.WARNING;
        LOG.log(level, () -> String.format("%s: to=<%s>, relay=%s, family=%s, dsn=%s, status=%s (%s)",
                m.queueId(), rcpt, t == null ? "none" : t.toString(), t == null ? "none" : t.family(),
                o.status(), status, reply));
    }
}
