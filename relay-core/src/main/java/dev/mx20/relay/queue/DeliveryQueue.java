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
import java.util.Set;
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
 * (RFC 3461 §5.2.2); this queue reports failures and, once per message, delays: when a message has been in the
 * queue for {@code delay_warning_time} and recipients are still deferred, the sender gets one RFC 3464
 * {@code Action: delayed} notice for those recipients whose NOTIFY includes DELAY or who gave no NOTIFY (RFC 3461
 * §4.1 leaves the default to the MTA; like Postfix, the default includes delays).
 *
 * <p>Operators can hold, release and delete messages ({@link #hold}, {@link #release}, {@link #delete}, Postfix's
 * {@code postsuper -h/-H/-d}); a held message is kept in the spool, listed, and not retried until released, across
 * restarts.
 *
 * <p>Scheduling is in memory (a {@link DelayQueue}), rebuilt from the spool by {@link #start()}; the spool is the
 * only truth. {@code delivery_threads} workers deliver in parallel; a message is never delivered by two at once.
 * Every read-modify-write of one message's envelope (the end of a delivery attempt, hold, release, delete) happens
 * under that message's lock, so an operator's hold or delete during an attempt is never overwritten by it; the
 * delivery itself runs outside the lock, so operations never wait for a slow server.
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
    private final Duration delayWarning;
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final Map<String, Due> waiting = new ConcurrentHashMap<>();
    /** Messages a worker is delivering right now; a release must not schedule them a second time. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Striped per-message locks (see the class comment); a stripe per queue id would grow without bound. */
    private final Object[] locks = new Object[64];
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param lifetime       {@code maximal_queue_lifetime}
     * @param bounceLifetime {@code bounce_queue_lifetime} (for null-sender messages)
     * @param threads        how many deliveries run in parallel
     */
    public DeliveryQueue(Spool spool, DeliveryAgent agent, DsnWriter dsnWriter, Backoff backoff, Duration lifetime,
                         Duration bounceLifetime, int threads, Clock clock) {
        this(spool, agent, dsnWriter, backoff, lifetime, bounceLifetime, Duration.ZERO, threads, clock);
    }

    /**
     * @param lifetime       {@code maximal_queue_lifetime}
     * @param bounceLifetime {@code bounce_queue_lifetime} (for null-sender messages)
     * @param delayWarning   {@code delay_warning_time}: age after which the sender gets one delay notice; zero = never
     * @param threads        how many deliveries run in parallel
     */
    public DeliveryQueue(Spool spool, DeliveryAgent agent, DsnWriter dsnWriter, Backoff backoff, Duration lifetime,
                         Duration bounceLifetime, Duration delayWarning, int threads, Clock clock) {
        this.delayWarning = delayWarning;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
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
        carryOutRequests(); // a hold requested while the relay was down must win over the resume below
        List<SpooledMessage> all = spool.list();
        for (SpooledMessage m : all) {
            if (!m.held()) {
                schedule(m.queueId(), m.nextAttempt());
            }
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

    /**
     * Puts a message on hold (durably; see {@link Spool#hold}). A message being delivered right now finishes that
     * attempt and is then not retried.
     *
     * @return the message, or empty if there is none with this id
     */
    public Optional<SpooledMessage> hold(String queueId) throws IOException {
        synchronized (lockFor(queueId)) {
            Optional<SpooledMessage> m = spool.hold(queueId);
            if (m.isPresent()) {
                unschedule(queueId);
                LOG.info(() -> queueId + ": placed on hold");
            }
            return m;
        }
    }

    /**
     * Releases a held message; it is retried now. A message that is not held is left alone.
     *
     * @return the message, or empty if there is none with this id
     */
    public Optional<SpooledMessage> release(String queueId) throws IOException {
        synchronized (lockFor(queueId)) {
            boolean wasHeld = spool.read(queueId).map(SpooledMessage::held).orElse(false);
            Optional<SpooledMessage> m = spool.release(queueId);
            if (wasHeld && m.isPresent()) {
                if (!inFlight.contains(queueId)) { // else the worker reschedules it when its attempt ends
                    schedule(queueId, clock.instant());
                }
                LOG.info(() -> queueId + ": released from hold");
            }
            return m;
        }
    }

    /**
     * Deletes a message without a DSN (an operator's decision, like {@code postsuper -d}). An attempt in progress
     * finishes, but its results are dropped.
     *
     * @return whether there was a message with this id
     */
    public boolean delete(String queueId) throws IOException {
        synchronized (lockFor(queueId)) {
            boolean existed = spool.delete(queueId);
            unschedule(queueId);
            if (existed) {
                LOG.info(() -> queueId + ": removed by the operator");
            }
            return existed;
        }
    }

    private Object lockFor(String queueId) {
        return locks[Math.floorMod(queueId.hashCode(), locks.length)];
    }

    private void unschedule(String queueId) {
        Due d = waiting.remove(queueId);
        if (d != null) {
            due.remove(d);
        }
    }

    /** Carries out hold/release/delete requests left by the command line. */
    private void carryOutRequests() throws IOException {
        for (Spool.OperationRequest r : spool.operationRequests()) {
            boolean found = switch (r.operation()) {
                case HOLD -> hold(r.queueId()).isPresent();
                case RELEASE -> release(r.queueId()).isPresent();
                case DELETE -> delete(r.queueId());
            };
            if (!found) {
                LOG.warning(r.queueId() + ": " + r.operation().name().toLowerCase(java.util.Locale.ROOT)
                        + " requested, but no such message is queued");
            }
            spool.finish(r);
        }
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
            String id = d.queueId;
            Object lock = lockFor(id);
            Optional<SpooledMessage> m;
            synchronized (lock) {
                if (!waiting.remove(id, d)) {
                    continue; // superseded by a flush, a reschedule, a hold or a delete
                }
                inFlight.add(id);
            }
            Instant retry = null;
            try {
                synchronized (lock) {
                    m = spool.read(id);
                }
                if (m.isPresent() && !m.get().held()) {
                    attempt(m.get());
                }
            } catch (IOException | RuntimeException e) {
                // The spool could not be read or written: try again later rather than drop anything.
                LOG.log(Level.SEVERE, id + ": queue error, retrying in " + backoff.minimal(), e);
                retry = clock.instant().plus(backoff.minimal());
            } finally {
                synchronized (lock) {
                    inFlight.remove(id);
                    reschedule(id, retry);
                }
            }
        }
    }

    /**
     * After an attempt, under the message's lock: back on the schedule as the spool now says (its next attempt),
     * unless it has left the queue or was put on hold meanwhile.
     */
    private void reschedule(String id, Instant override) {
        try {
            Optional<SpooledMessage> now = spool.read(id);
            if (now.isPresent() && !now.get().held()) {
                schedule(id, override != null ? override : now.get().nextAttempt());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, id + ": cannot re-read the envelope, retrying in " + backoff.minimal(), e);
            schedule(id, clock.instant().plus(backoff.minimal()));
        }
    }

    private void watchFlushRequests() {
        while (running) {
            try {
                if (spool.takeFlushRequest()) {
                    flush();
                }
                carryOutRequests();
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
        synchronized (lockFor(m.queueId())) {
            // An operator may have held or deleted the message while it was being delivered.
            Optional<SpooledMessage> current = spool.read(m.queueId());
            if (current.isEmpty()) {
                LOG.info(() -> m.queueId() + ": deleted during a delivery attempt; its results are dropped");
                return Optional.empty();
            }
            return settle(m, outcomes, current.get().held());
        }
    }

    /** Acts on the outcomes of one attempt (under the message's lock). */
    private Optional<Instant> settle(SpooledMessage m, List<RecipientOutcome> outcomes, boolean held)
            throws IOException {
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
        SpooledMessage after = m.afterAttempt(remaining, next, deferred).withHeld(held);
        if (!m.delayWarned() && delayWarningDue(m, now)) {
            // Spool the notice before the envelope says "warned": a crash in between repeats it, never skips it.
            warnDelayed(m, deferred);
            after = after.withDelayWarned();
        }
        spool.update(after);
        return held ? Optional.empty() : Optional.of(next);
    }

    private boolean delayWarningDue(SpooledMessage m, Instant now) {
        return !delayWarning.isZero() && !m.sender().isEmpty() && !now.isBefore(m.arrival().plus(delayWarning));
    }

    /** One delay notice per message (RFC 3464 §2.3.3 Action: delayed), for the recipients that want one. */
    private void warnDelayed(SpooledMessage m, List<RecipientOutcome> deferred) throws IOException {
        Instant giveUp = m.arrival().plus(lifetime);
        Optional<Dsn> dsn = dsnWriter.write(m.toOutbound(), deferred, giveUp);
        if (dsn.isEmpty()) {
            LOG.info(() -> m.queueId() + ": delayed, no delay notice requested (NOTIFY)");
            return;
        }
        SpooledMessage d = spool.store("", List.of(new OutboundRecipient(dsn.get().recipient(), null, java.util.Set.of())),
                null, null, dsn.get().eightBit(), dsn.get().smtpUtf8(), dsn.get().message());
        LOG.info(() -> m.queueId() + ": sender delay notification: " + d.queueId());
        accepted(d);
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
                null, null, dsn.get().eightBit(), dsn.get().smtpUtf8(), dsn.get().message());
        // BODY=8BITMIME when it has 8-bit octets; SMTPUTF8 for the RFC 6533 form (Postfix: the bounce inherits it)
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
