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
import java.nio.file.Files;
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
 * <p>Queue errors (Postfix's "queue file write error" family): when an attempt fails for a reason of the relay's
 * own, not the destination's (the spool cannot be read or written, the DSN writer throws, a broken delivery agent),
 * the message is retried with the same exponential {@link Backoff} as a deferral, counted per message; after
 * {@code queue_error_limit} such errors in a row it is put on hold with the reason ({@link SpooledMessage#heldReason},
 * shown by {@code queue list}), so one poison message neither loops nor floods the log, and is never dropped: an
 * operator releases or deletes it. A message that cannot be read at all, or whose content file is gone, goes to the
 * spool's corrupt queue at once ({@link Spool#quarantine}). The count lives in memory: a restart gives every message
 * a fresh one, as Postfix's queue manager does.
 *
 * <p>Scheduling is in memory (a {@link DelayQueue}), rebuilt from the spool by {@link #start()}; the spool is the
 * only truth. Two time sources, each for what it is good at: the injected {@link Clock} for every wall-clock
 * field (arrival, next attempt, expiry, DSN dates), and {@link System#nanoTime()} (monotonic) for waiting. When a
 * message is scheduled, its due time is turned into a delay from the Clock's now, capped at
 * {@code maximal_backoff_time}, and the wait runs on the monotonic clock: a wall-clock step (NTP, a VM resumed)
 * neither makes every waiting message due at once nor stalls them, and a due time far ahead (written while the
 * clock was wrong) delays a message at most {@code maximal_backoff_time}. {@code delivery_threads} workers deliver in parallel; a message is never delivered by two at once.
 * Every read-modify-write of one message's envelope (the end of a delivery attempt, hold, release, delete) happens
 * under that message's lock, so an operator's hold or delete during an attempt is never overwritten by it; the
 * delivery itself runs outside the lock, so operations never wait for a slow server.
 */
public final class DeliveryQueue implements MessageSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class.getName());
    /** {@code queue_error_limit}'s default (see docs/relay.md). */
    public static final int DEFAULT_QUEUE_ERROR_LIMIT = 5;

    /** Writes the DSN for some outcomes of a message ({@link DsnWriter#write}); a seam for tests. */
    @FunctionalInterface
    interface Notices {
        Optional<Dsn> write(dev.mx20.relay.delivery.OutboundMessage original, List<RecipientOutcome> outcomes,
                            Instant willRetryUntil);
    }

    /** Where in an attempt a worker is (for {@link Interleaving}). */
    enum Phase {
        /** Taken off the schedule, before its envelope is read. */
        TAKEN,
        /** Delivered, before the outcomes are written back. */
        DELIVERED
    }

    /** A test seam to interleave an operator's hold, release or delete with a worker at a {@link Phase}. */
    @FunctionalInterface
    interface Interleaving {
        void at(Phase phase, String queueId);
    }

    private final Spool spool;
    private final DeliveryAgent agent;
    private final Backoff backoff;
    private final Duration lifetime;
    private final Duration bounceLifetime;
    private final int threads;
    private final Clock clock;
    private final Duration delayWarning;
    private final int queueErrorLimit;
    private final Notices notices;
    /** Queue errors in a row per message (see the class comment); cleared by a completed attempt. */
    private final Map<String, Integer> queueErrors = new ConcurrentHashMap<>();
    /** A test seam: called at the points where an operator's request may arrive during an attempt. */
    volatile Interleaving interleaving = (phase, queueId) -> { };
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final Map<String, Due> waiting = new ConcurrentHashMap<>();
    /** Messages a worker is delivering right now; a release must not schedule them a second time. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Messages a flush found in flight: due again as soon as their attempt ends (see {@link #flush}). */
    private final Set<String> flushAfterAttempt = ConcurrentHashMap.newKeySet();
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
        this(spool, agent, dsnWriter, backoff, lifetime, bounceLifetime, delayWarning, threads,
                DEFAULT_QUEUE_ERROR_LIMIT, clock);
    }

    /**
     * @param lifetime        {@code maximal_queue_lifetime}
     * @param bounceLifetime  {@code bounce_queue_lifetime} (for null-sender messages)
     * @param delayWarning    {@code delay_warning_time}: age after which the sender gets one delay notice; zero = never
     * @param threads         how many deliveries run in parallel
     * @param queueErrorLimit {@code queue_error_limit}: queue errors in a row after which a message is held
     */
    public DeliveryQueue(Spool spool, DeliveryAgent agent, DsnWriter dsnWriter, Backoff backoff, Duration lifetime,
                         Duration bounceLifetime, Duration delayWarning, int threads, int queueErrorLimit,
                         Clock clock) {
        this(spool, agent, dsnWriter::write, backoff, lifetime, bounceLifetime, delayWarning, threads,
                queueErrorLimit, clock);
    }

    /** The same with any notice writer (tests: one that fails). */
    DeliveryQueue(Spool spool, DeliveryAgent agent, Notices notices, Backoff backoff, Duration lifetime,
                  Duration bounceLifetime, Duration delayWarning, int threads, int queueErrorLimit, Clock clock) {
        if (queueErrorLimit < 1) {
            throw new IllegalArgumentException("queue_error_limit must be at least 1");
        }
        this.delayWarning = delayWarning;
        this.queueErrorLimit = queueErrorLimit;
        this.notices = notices;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        this.spool = spool;
        this.agent = agent;
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
        // A flush requested while the relay was down is for the messages queued then: carried out here, on exactly
        // those, and not left to the flush watcher, whose first look could come after a message accepted meanwhile
        // had its first attempt and was deferred (that message would then be retried at once, at a moment that
        // depends on thread scheduling).
        boolean flushRequested = spool.takeFlushRequest();
        List<SpooledMessage> all = spool.list();
        Instant now = clock.instant();
        for (SpooledMessage m : all) {
            if (!m.held()) {
                schedule(m.queueId(), flushRequested && m.nextAttempt().isAfter(now) ? now : m.nextAttempt());
            }
        }
        if (flushRequested) {
            LOG.info("queue: flush requested while stopped: " + all.size() + " message(s) due now (held ones stay held)");
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

    /**
     * Makes every waiting message due now (like {@code postqueue -f}), and every message in the middle of an attempt
     * due as soon as that attempt ends (if it is still queued and not held then). Without the latter, a message whose
     * attempt has just been written to the spool (listed as deferred, with its next attempt an hour away) but whose
     * worker has not yet put it back on the schedule would be missed by the flush and wait the hour: what the queue
     * listing shows and what a flush does must agree.
     *
     * @return how many were rescheduled
     */
    public int flush() {
        int n = 0;
        long now = System.nanoTime();
        // In flight first, then waiting: a worker ending an attempt puts the message back on the schedule before it
        // leaves inFlight, so the message is in at least one of the two looks. Each is then handled under its lock,
        // the lock the worker ends an attempt under. (Seen: a flush right after an attempt's envelope was written
        // missed the message in 86 of 300 tries with in-flight messages ignored, and in 3-4 of 300 while a message
        // could be in neither set for a moment.)
        Set<String> ids = new java.util.LinkedHashSet<>(inFlight);
        ids.addAll(waiting.keySet());
        for (String id : ids) {
            synchronized (lockFor(id)) {
                if (inFlight.contains(id)) {
                    flushAfterAttempt.add(id); // due again as soon as its attempt ends (see work())
                    n++;
                    continue;
                }
                Due d = waiting.get(id);
                if (d != null && due.remove(d)) { // not removed: a worker has just taken it, it is due anyway
                    Due again = new Due(id, now);
                    if (waiting.replace(id, d, again)) {
                        due.add(again);
                        n++;
                    }
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
     * Releases a held message; it is retried now. A message that is not held is left alone. A message in the
     * corrupt queue goes back into the queue if it can be read now (see {@link Spool#release}).
     *
     * @return the message, or empty if there is none with this id
     */
    public Optional<SpooledMessage> release(String queueId) throws IOException {
        synchronized (lockFor(queueId)) {
            boolean wasCorrupt = spool.isCorrupt(queueId);
            boolean wasHeld = !wasCorrupt && spool.read(queueId).map(SpooledMessage::held).orElse(false);
            Optional<SpooledMessage> m = spool.release(queueId);
            if ((wasHeld || wasCorrupt) && m.isPresent()) {
                queueErrors.remove(queueId); // an operator's release: a fresh start
                if (!inFlight.contains(queueId)) { // else the worker reschedules it when its attempt ends
                    schedule(queueId, clock.instant());
                }
                LOG.info(() -> queueId + ": released from hold");
            }
            return m;
        }
    }

    /**
     * Deletes a message without a DSN (an operator's decision, like {@code postsuper -d}), also from the corrupt
     * queue. An attempt in progress finishes, but its results are dropped.
     *
     * @return whether there was a message with this id
     */
    public boolean delete(String queueId) throws IOException {
        synchronized (lockFor(queueId)) {
            boolean existed = spool.delete(queueId);
            unschedule(queueId);
            queueErrors.remove(queueId);
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

    /**
     * Puts a message on the schedule for a wall-clock time (the spool's), as a delay on the monotonic clock from the
     * injected Clock's now, at most {@code maximal_backoff_time} (see the class comment).
     */
    private void schedule(String queueId, Instant when) {
        Duration delay = Duration.between(clock.instant(), when);
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        } else if (delay.compareTo(backoff.maximal()) > 0) {
            delay = backoff.maximal();
        }
        Due d = new Due(queueId, System.nanoTime() + delay.toNanos());
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
                interleaving.at(Phase.TAKEN, id);
                synchronized (lock) {
                    m = spool.read(id); // an unreadable envelope is quarantined by the spool
                    if (m.isPresent() && !m.get().held() && !Files.exists(m.get().content())) {
                        // Neither deliverable nor bounceable, and it will not come back: for an operator.
                        spool.quarantine(id, "content file missing (" + m.get().content().getFileName() + ")");
                        queueErrors.remove(id);
                        m = Optional.empty();
                    }
                }
                if (m.isPresent() && !m.get().held()) {
                    attempt(m.get());
                    queueErrors.remove(id);
                }
            } catch (IOException | RuntimeException e) {
                // The spool could not be read or written, or a DSN not written: try again later, never drop.
                retry = queueError(id, e); // null: now held (reschedule() leaves it), or quarantined
            } finally {
                synchronized (lock) {
                    boolean flushed = flushAfterAttempt.remove(id);
                    // Also after a park: an operator may have released the message meanwhile, and release()
                    // leaves scheduling a message in flight to this line. Held or gone: reschedule() leaves it.
                    reschedule(id, flushed ? clock.instant() : retry);
                    // Only now, when it is back on the schedule: flush() looks at inFlight, then at waiting, and must
                    // find the message in one of them.
                    inFlight.remove(id);
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
            Instant retry = queueError(id, e);
            if (retry != null) {
                schedule(id, retry);
            }
        }
    }

    /**
     * Counts a queue error of a message (see the class comment).
     *
     * @return when to try again, or {@code null} when the message has now been put on hold (or quarantined)
     */
    private Instant queueError(String id, Exception e) {
        int n = queueErrors.merge(id, 1, Integer::sum);
        if (n >= queueErrorLimit) {
            park(id, n + " queue error" + (n == 1 ? "" : "s") + " in a row, the last: " + describe(e));
            return null;
        }
        Duration delay = backoff.after(n);
        if (n == 1) {
            LOG.log(Level.SEVERE, id + ": queue error, retrying in " + delay, e); // the stack trace, once
        } else {
            LOG.severe(id + ": queue error " + n + " of " + queueErrorLimit + " in a row, retrying in " + delay
                    + ": " + describe(e));
        }
        return clock.instant().plus(delay);
    }

    /** Takes a message that keeps failing out of the schedule: held with the reason, or quarantined if it cannot be. */
    private void park(String id, String reason) {
        synchronized (lockFor(id)) {
            queueErrors.remove(id);
            unschedule(id);
            try {
                if (spool.holdBecause(id, reason).isPresent()) {
                    LOG.severe(id + ": put on hold: " + reason + " (`queue release " + id + "` retries it)");
                }
            } catch (IOException | RuntimeException e) {
                spool.quarantine(id, reason + "; putting it on hold failed too: " + describe(e));
            }
        }
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" (caused by ").append(c).append(')');
        }
        return b.toString().replace('\n', ' ').replace('\r', ' ');
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
        interleaving.at(Phase.DELIVERED, m.queueId());
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
        Optional<Dsn> dsn = notices.write(m.toOutbound(), deferred, giveUp);
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
        Optional<Dsn> dsn = notices.write(m.toOutbound(), failed, null);
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

    /**
     * A message due at a point of {@link System#nanoTime()}: monotonic, so wall-clock steps do not move it (and
     * {@link DelayQueue} waits on the same clock).
     */
    private static final class Due implements Delayed {
        final String queueId;
        final long atNanos;

        Due(String queueId, long atNanos) {
            this.queueId = queueId;
            this.atNanos = atNanos;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.signum(atNanos - ((Due) o).atNanos); // difference, not compare: nanoTime may wrap
        }
    }
}
