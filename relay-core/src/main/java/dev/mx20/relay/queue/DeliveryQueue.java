package dev.mx20.relay.queue;

import dev.mx20.relay.delivery.DeliveryAgent;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.dsn.Dsn;
import dev.mx20.relay.dsn.DsnWriter;
import dev.mx20.relay.smtp.MessageSink;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The queue manager: hands spooled messages to the {@link DeliveryAgent} when they are due, and acts on the
 * outcomes per recipient (RFC 5321 §4.5.4.1, §6):
 * <ul>
 *   <li>delivered: done with that recipient;</li>
 *   <li>deferred: kept, retried after {@link Backoff}; once the message is older than
 *       {@code maximal_queue_lifetime} ({@code bounce_queue_lifetime} for the relay's own DSNs) it is failed with
 *       the last deferral reason;</li>
 *   <li>failed: an RFC 3464 DSN is written ({@link DsnWriter}) and spooled with the null sender before the
 *       original's state changes on disk, so a crash in between can duplicate a DSN but never lose one.
 *       Never a DSN about a null-sender message.</li>
 * </ul>
 * The relay passes NOTIFY/RET/ENVID/ORCPT on to the next hop, so success notifications are that hop's job
 * (RFC 3461 §5.2.2); this queue reports failures only.
 *
 * <p>Scheduling is in memory (a {@link DelayQueue}), rebuilt from the spool by {@link #start()}; the spool is the
 * only truth. {@code delivery_threads} workers deliver in parallel; a message is never delivered by two at once.
 */
public final class DeliveryQueue implements MessageSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class.getName());

    private final Spool spool;
    private final DeliveryAgent agent;
    private final DsnWriter dsnWriter;
    private final Backoff backoff;
    private final Duration lifetime;
    private final Duration bounceLifetime;
    private final int threads;
    private final Clock clock;
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final Map<String, Due> waiting = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param lifetime       {@code maximal_queue_lifetime}
     * @param bounceLifetime {@code bounce_queue_lifetime} (for null-sender messages)
     * @param threads        how many deliveries run in parallel
     */
    public DeliveryQueue(Spool spool, DeliveryAgent agent, DsnWriter dsnWriter, Backoff backoff, Duration lifetime,
                         Duration bounceLifetime, int threads, Clock clock) {
        this.spool = spool;
        this.agent = agent;
        this.dsnWriter = dsnWriter;
        this.backoff = backoff;
        this.lifetime = lifetime;
        this.bounceLifetime = bounceLifetime;
        this.threads = threads;
        this.clock = clock;
    }

    /** Schedules everything in the spool (restart resumes delivery) and starts the workers and the flush watcher. */
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        running = true;
        List<SpooledMessage> all = spool.list();
        for (SpooledMessage m : all) {
            schedule(m.queueId(), m.nextAttempt());
        }
        if (!all.isEmpty()) {
            LOG.info("queue: resumed " + all.size() + " message(s) from the spool");
        }
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "delivery-" + (i + 1));
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        Thread watcher = new Thread(this::watchFlushRequests, "queue-flush-watch");
        watcher.setDaemon(true);
        watcher.start();
        workers.add(watcher);
    }

    /** Schedules a just-accepted message for immediate delivery. */
    @Override
    public void accepted(SpooledMessage message) {
        schedule(message.queueId(), clock.instant());
    }

    /** @return the messages in the queue, oldest first, with their deferral reasons */
    public List<SpooledMessage> list() throws IOException {
        return spool.list();
    }

    /** Makes every waiting message due now (like {@code postqueue -f}). @return how many were rescheduled */
    public int flush() {
        int n = 0;
        Instant now = clock.instant();
        for (Due d : List.copyOf(waiting.values())) {
            if (due.remove(d)) {
                Due again = new Due(d.queueId, now.toEpochMilli());
                if (waiting.replace(d.queueId, d, again)) {
                    due.add(again);
                    n++;
                }
            }
        }
        LOG.info("queue: flush rescheduled " + n + " message(s)");
        return n;
    }

    /** Stops the workers; messages stay in the spool and are resumed by the next {@link #start()}. */
    @Override
    public synchronized void close() {
        running = false;
        workers.forEach(Thread::interrupt);
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workers.clear();
    }

    private void schedule(String queueId, Instant when) {
        Due d = new Due(queueId, when.toEpochMilli());
        Due before = waiting.put(queueId, d);
        if (before != null) {
            due.remove(before);
        }
        due.add(d);
    }

    private void work() {
        while (running) {
            Due d;
            try {
                d = due.take();
            } catch (InterruptedException e) {
                return;
            }
            if (!waiting.remove(d.queueId, d)) {
                continue; // superseded by a flush or a reschedule
            }
            try {
                Optional<SpooledMessage> m = spool.read(d.queueId);
                if (m.isPresent()) {
                    attempt(m.get()).ifPresent(next -> schedule(d.queueId, next));
                }
            } catch (IOException | RuntimeException e) {
                // The spool could not be read or written: try again later rather than drop anything.
                LOG.log(Level.SEVERE, d.queueId + ": queue error, retrying in " + backoff.minimal(), e);
                schedule(d.queueId, clock.instant().plus(backoff.minimal()));
            }
        }
    }

    private void watchFlushRequests() {
        while (running) {
            try {
                if (spool.takeFlushRequest()) {
                    flush();
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot check for flush requests", e);
            }
        }
    }

    /**
     * One delivery attempt and everything that follows from it (DSN, spool update).
     *
     * @return when to try again, or empty when the message has left the queue
     */
    Optional<Instant> attempt(SpooledMessage m) throws IOException {
        List<RecipientOutcome> outcomes = deliver(m);
        Instant now = clock.instant();
        boolean expired = !now.isBefore(m.arrival().plus(m.sender().isEmpty() ? bounceLifetime : lifetime));
        List<RecipientOutcome> failed = new ArrayList<>();
        List<RecipientOutcome> deferred = new ArrayList<>();
        List<OutboundRecipient> remaining = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            RecipientOutcome o = outcomes.get(i);
            switch (o.result()) {
                case DELIVERED -> log(m, o, "sent");
                case FAILED -> {
                    failed.add(o);
                    log(m, o, "bounced");
                }
                case DEFERRED -> {
                    if (expired) {
                        // Keep the last transient status and reply: they say why (RFC 3464 §2.3.4).
                        RecipientOutcome gaveUp = new RecipientOutcome(o.recipient(), RecipientOutcome.Result.FAILED,
                                o.status(), o.replyCode(), "message expired after " + age(m, now)
                                + " in the queue; last error: " + o.diagnostic(), o.remoteMta(), o.remoteAddress(),
                                o.attemptedAt());
                        failed.add(gaveUp);
                        log(m, gaveUp, "expired");
                    } else {
                        deferred.add(o);
                        remaining.add(m.recipients().get(i));
                        log(m, o, "deferred");
                    }
                }
            }
        }
        if (!failed.isEmpty()) {
            bounce(m, failed);
        }
        if (remaining.isEmpty()) {
            spool.remove(m.queueId());
            LOG.info(() -> m.queueId() + ": removed");
            return Optional.empty();
        }
        Instant next = now.plus(backoff.after(m.attempts() + 1));
        spool.update(m.afterAttempt(remaining, next, deferred));
        return Optional.of(next);
    }

    private List<RecipientOutcome> deliver(SpooledMessage m) {
        List<RecipientOutcome> out;
        try {
            out = agent.deliver(m.toOutbound());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, m.queueId() + ": delivery agent failed", e);
            out = List.of();
        }
        if (out.size() == m.recipients().size()) {
            return out;
        }
        // A broken agent contract must not lose recipients: everyone not reported is deferred.
        List<RecipientOutcome> fixed = new ArrayList<>();
        for (int i = 0; i < m.recipients().size(); i++) {
            String r = m.recipients().get(i).address();
            fixed.add(i < out.size() && out.get(i).recipient().equals(r) ? out.get(i)
                    : new RecipientOutcome(r, RecipientOutcome.Result.DEFERRED, "4.3.0", 0,
                    "internal delivery error", null, null, clock.instant()));
        }
        return fixed;
    }

    private void bounce(SpooledMessage m, List<RecipientOutcome> failed) throws IOException {
        if (m.sender().isEmpty()) {
            LOG.info(() -> m.queueId() + ": undeliverable message from <> discarded, no DSN about a DSN");
            return;
        }
        Optional<Dsn> dsn = dsnWriter.write(m.toOutbound(), failed, null);
        if (dsn.isEmpty()) {
            LOG.info(() -> m.queueId() + ": no DSN requested (NOTIFY)");
            return;
        }
        SpooledMessage d = spool.store("", List.of(new OutboundRecipient(dsn.get().recipient(), null, java.util.Set.of())),
                null, null, dsn.get().eightBit(), dsn.get().message()); // BODY=8BITMIME when the original was 8-bit
        LOG.info(() -> m.queueId() + ": sender non-delivery notification: " + d.queueId());
        accepted(d);
    }

    private static String age(SpooledMessage m, Instant now) {
        Duration d = Duration.between(m.arrival(), now);
        return d.toDays() > 0 ? d.toDays() + "d" : d.toHours() > 0 ? d.toHours() + "h" : d.toSeconds() + "s";
    }

    private static void log(SpooledMessage m, RecipientOutcome o, String status) {
        // The delivery agent already logs each attempt (MX, address, family, reply); the queue's own line
        // matters only where the queue decided something itself (expiry).
        Level level = status.equals("expired") ? Level.INFO : Level.FINE;
        LOG.log(level, () -> m.queueId() + ": to=<" + o.recipient() + ">, status=" + status + " (" + o.status() + " "
                + (o.replyCode() > 0 ? o.replyCode() + " " : "") + o.diagnostic() + ")");
    }

    /** A message due at a time (wall clock, like the spool's timestamps). */
    private static final class Due implements Delayed {
        final String queueId;
        final long atMillis;

        Due(String queueId, long atMillis) {
            this.queueId = queueId;
            this.atMillis = atMillis;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atMillis - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(atMillis, ((Due) o).atMillis);
        }
    }
}
