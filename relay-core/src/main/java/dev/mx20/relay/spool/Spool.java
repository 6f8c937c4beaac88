package dev.mx20.relay.spool;

import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The durable message store: plain files in one directory on local disk.
 *
 * <p>Layout of {@code queue_directory}: {@code queue/ID.eml} (the content, written once), {@code queue/ID.env}
 * (the envelope and delivery state; its presence is what makes the message exist), {@code queue/*.tmp}
 * (envelopes being written), {@code corrupt/} (the corrupt queue: messages whose envelope cannot be read or whose
 * content is gone, each with an {@code ID.reason}; kept for an operator, see {@link #quarantine}),
 * {@code flush} (a request from the command line to retry deferred mail now) and {@code lock}.
 *
 * <p>Durability: {@link Incoming#commit} performs these three concurrently, once both files exist, and returns (the
 * SMTP server may answer 250) when all three are done; the file system can flush all three in one journal commit:
 * <ol>
 *   <li>content written to {@code ID.eml} and {@code fdatasync}ed (data and size; timestamps need not be durable);</li>
 *   <li>envelope written straight to {@code ID.env} (framed, with the content's size and CRC-32C, see
 *       {@link EnvelopeCodec}) and {@code fdatasync}ed;</li>
 *   <li>the directory {@code fsync}ed, which makes both directory entries durable. Sessions committing at the
 *       same time share one directory {@code fsync} ({@link DirectorySync}).</li>
 * </ol>
 * The first envelope is not written to a temporary name and renamed: a rename would have to wait for the
 * envelope's data flush and then need the directory {@code fsync} after it, journal commits one after the other
 * before every 250. Instead the envelope proves its own completeness, so no order among the three flushes is
 * needed: a crash before all three complete leaves at most a content file without envelope, an envelope without
 * its trailer line, or a complete envelope whose content does not match the recorded size and checksum; the
 * message was never acknowledged, and {@link #open} deletes such remains. Readers skip an envelope without its trailer (it is being written). After step 3 the
 * message survives {@code kill -9} and power loss.
 * Envelope updates after delivery attempts are atomic renames of {@code ID.env.tmp}; removal deletes the envelope
 * first. Neither fsyncs the directory: a crash can at worst bring back a recipient that was already delivered, so
 * the relay may deliver twice but never loses a message (RFC 5321 §6.1 prefers duplicates to loss).
 * Spools written by earlier versions (every envelope renamed into place, no framing) are read as they are.
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Spool.class.getName());
    private static final String ENV = ".env";
    private static final String EML = ".eml";
    private static final String TMP = ".tmp";
    private static final String REASON = ".reason";

    private final Path root;
    private final Path queue;
    private final Path corrupt;
    private final Clock clock;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicLong counter = new AtomicLong();
    private final String instance;
    private final DirectorySync queueSync;
    /**
     * Held while a message moves between queue/ and corrupt/ (a quarantine, a release from the corrupt queue). A
     * reader that finds an unreadable envelope ({@link #list} takes no per-message lock) quarantines it only under
     * this lock and after reading it again: a release under way has either not moved the envelope yet, or has
     * moved both files and then decided itself. Without it, a listing could move the envelope back to corrupt/
     * between the release's two moves, and the release then leave the content in queue/ without its envelope.
     */
    private final Object corruptMoves = new Object();
    /** Test seam: runs in {@link #releaseCorrupt} between moving the envelope and the content back to queue/. */
    volatile Runnable betweenReleaseMoves = () -> { };
    /** Flushes content files while the session thread flushes the envelope (see {@link Incoming#commit}). */
    private final ExecutorService syncer = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "spool-sync");
        t.setDaemon(true);
        return t;
    });

    private Spool(Path root, Clock clock, FileChannel lockChannel, FileLock lock) throws IOException {
        this.root = root;
        this.queue = root.resolve("queue");
        this.corrupt = root.resolve("corrupt");
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.queueSync = new DirectorySync(queue);
        byte[] r = new byte[2];
        new SecureRandom().nextBytes(r);
        this.instance = String.format(Locale.ROOT, "%02X%02X", r[0], r[1]);
    }

    /**
     * Opens (creating if needed) the spool, takes its lock (one relay per spool), and recovers from a crash:
     * deletes the remains of unacknowledged messages and moves unreadable envelopes, envelopes damaged after
     * acceptance and envelopes whose content is gone to {@code corrupt/} (never deleted: they got a 250).
     *
     * @throws IOException when the directory is unusable or another relay holds the lock
     */
    public static Spool open(Path root, Clock clock) throws IOException {
        Files.createDirectories(root.resolve("queue"));
        Files.createDirectories(root.resolve("corrupt"));
        FileChannel ch = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new LockedException("spool " + root + " is in use by another relay (lock held)");
        }
        Spool s;
        try {
            s = new Spool(root, clock, ch, l);
        } catch (IOException | RuntimeException e) {
            l.release();
            ch.close();
            throw e;
        }
        try {
            s.recover();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** @return the spool directory */
    public Path root() {
        return root;
    }

    /** Starts a new message; write its content to {@link Incoming#content()}, then commit or abort. */
    public Incoming create() throws IOException {
        for (int tries = 0; ; tries++) {
            String id = newId();
            Path eml = queue.resolve(id + EML);
            try {
                // One open (create, exclusive) that is also the handle written and flushed.
                FileChannel out = FileChannel.open(eml, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new Incoming(id, eml, out);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (tries > 10) {
                    throw e;
                }
            }
        }
    }

    /** Stores a complete message (used for DSNs the relay writes itself); durable when this returns. */
    public SpooledMessage store(String sender, List<OutboundRecipient> recipients, String envId,
                                OutboundMessage.Ret ret, boolean eightBit, byte[] content) throws IOException {
        return store(sender, recipients, envId, ret, eightBit, false, content);
    }

    /** The same, for a message to be sent with SMTPUTF8 (RFC 6531) when {@code smtpUtf8}, e.g. an RFC 6533 DSN. */
    public SpooledMessage store(String sender, List<OutboundRecipient> recipients, String envId,
                                OutboundMessage.Ret ret, boolean eightBit, boolean smtpUtf8, byte[] content)
            throws IOException {
        Incoming in = create();
        try {
            in.content().write(content);
            return in.commit(sender, recipients, envId, ret, eightBit, smtpUtf8);
        } catch (IOException | RuntimeException e) {
            in.abort();
            throw e;
        }
    }

    /** @return every message in the spool, oldest first (reads the envelope files) */
    public List<SpooledMessage> list() throws IOException {
        List<SpooledMessage> out = new ArrayList<>();
        for (String id : ids(ENV)) {
            read(id).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(SpooledMessage::arrival).thenComparing(SpooledMessage::queueId));
        return out;
    }

    /** @return the message with this id, if it is in the spool (an unreadable one is moved to corrupt/) */
    public Optional<SpooledMessage> read(String queueId) throws IOException {
        Read r = tryRead(queueId);
        if (r.unreadable() == null) {
            return r.message();
        }
        synchronized (corruptMoves) {
            // again, under the lock: a release from the corrupt queue may have moved it (or repaired it) meanwhile
            r = tryRead(queueId);
            if (r.unreadable() != null) {
                quarantine(queueId, r.unreadable());
            }
            return r.message();
        }
    }

    /** What one read of an envelope found: the message, or why it belongs in the corrupt queue, or neither. */
    private record Read(Optional<SpooledMessage> message, String unreadable) {
    }

    private Read tryRead(String queueId) throws IOException {
        try {
            byte[] b = Files.readAllBytes(queue.resolve(queueId + ENV));
            if (EnvelopeCodec.isIncomplete(b)) {
                if (EnvelopeCodec.writtenAfterAcceptance(b)) { // damaged after the 250: see acceptanceCompleted
                    return new Read(Optional.empty(),
                            "envelope cut short after acceptance (no " + EnvelopeCodec.TRAILER + " line)");
                }
                // being written by a session (or the remains of a crash, see recover)
                return new Read(Optional.empty(), null);
            }
            return new Read(Optional.of(EnvelopeCodec.decode(queueId, b, queue.resolve(queueId + EML))), null);
        } catch (NoSuchFileException e) {
            return new Read(Optional.empty(), null);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return new Read(Optional.empty(), "unreadable envelope: " + e.getMessage());
        }
    }

    /** Replaces a message's envelope (after a delivery attempt or a flush), atomically. */
    public void update(SpooledMessage m) throws IOException {
        writeEnvelope(m, false);
    }

    /** Removes a message: envelope first, so a crash in between leaves only an orphan content file. */
    public void remove(String queueId) throws IOException {
        Files.deleteIfExists(queue.resolve(queueId + ENV));
        Files.deleteIfExists(queue.resolve(queueId + EML));
    }

    // ---- queue operations (Postfix postsuper -h / -H / -d) -------------------------------------------------
    // Read-modify-write of one envelope: callers serialise operations on the same message (DeliveryQueue does,
    // with a lock per queue id shared with its delivery workers).

    /**
     * Puts a message on hold, durably: it stays in the spool and in listings, and is not retried (not even by a
     * flush, nor after a restart) until {@link #release}d. Like {@code postsuper -h}.
     *
     * @return the held message, or empty when there is no message with this id
     */
    public Optional<SpooledMessage> hold(String queueId) throws IOException {
        Optional<SpooledMessage> m = read(queueId);
        if (m.isPresent() && !m.get().held()) {
            SpooledMessage held = m.get().withHeld(true);
            writeEnvelope(held, true); // an operator's decision: make it survive a crash like a 250 does
            return Optional.of(held);
        }
        return m;
    }

    /**
     * Puts a message on hold because the queue cannot handle it (see {@link SpooledMessage#heldReason}); released
     * like any held message.
     *
     * @return the held message, or empty when there is no message with this id
     */
    public Optional<SpooledMessage> holdBecause(String queueId, String reason) throws IOException {
        Optional<SpooledMessage> m = read(queueId);
        if (m.isPresent()) {
            SpooledMessage held = m.get().heldBecause(reason);
            writeEnvelope(held, true);
            return Optional.of(held);
        }
        return m;
    }

    /**
     * Releases a held message and makes it due now (like {@code postsuper -H}). A message that is not held is left
     * as it is. A message in the corrupt queue is moved back into the queue if it now reads (an operator repaired
     * it), else it stays there.
     *
     * @return the message as it is now, or empty when there is no message with this id
     */
    public Optional<SpooledMessage> release(String queueId) throws IOException {
        if (!Files.exists(queue.resolve(queueId + ENV)) && Files.exists(corrupt.resolve(queueId + ENV))) {
            return releaseCorrupt(queueId);
        }
        Optional<SpooledMessage> m = read(queueId);
        if (m.isPresent() && m.get().held()) {
            SpooledMessage released = m.get().withHeld(false).dueAt(clock.instant());
            writeEnvelope(released, true);
            return Optional.of(released);
        }
        return m;
    }

    /**
     * Deletes a message without notifying anyone (like {@code postsuper -d}).
     *
     * @return whether there was a message with this id
     */
    public boolean delete(String queueId) throws IOException {
        boolean existed = Files.deleteIfExists(queue.resolve(queueId + ENV));
        Files.deleteIfExists(queue.resolve(queueId + EML));
        if (existed) {
            fsyncDirectory(queue); // deleted means deleted, also after a power cut
        }
        // A quarantined message is deleted the same way: only an operator ever deletes one.
        boolean wasCorrupt = Files.deleteIfExists(corrupt.resolve(queueId + ENV));
        wasCorrupt |= Files.deleteIfExists(corrupt.resolve(queueId + EML));
        wasCorrupt |= Files.deleteIfExists(corrupt.resolve(queueId + REASON));
        if (wasCorrupt) {
            fsyncDirectory(corrupt);
        }
        return existed || wasCorrupt;
    }

    // ---- the corrupt queue (Postfix's "corrupt" directory) -------------------------------------------------
    // A message whose envelope cannot be read, or whose content file is gone, cannot be delivered nor bounced
    // (there is no trustworthy sender to bounce to). It is never deleted by the relay: it is moved to corrupt/
    // with a ID.reason file, listed by `queue list` and the Java API, and left for an operator, who may repair
    // the files and release it (it goes back to the queue if it now reads) or delete it.

    /**
     * Moves a message out of the queue into {@code corrupt/}, durably, with the reason (what the operator sees).
     * Either file may be missing; what exists is moved.
     */
    public void quarantine(String queueId, String reason) {
        synchronized (corruptMoves) {
            quarantineLocked(queueId, reason);
        }
    }

    private void quarantineLocked(String queueId, String reason) {
        LOG.log(Level.SEVERE, queueId + ": moved to the corrupt queue (" + corrupt + "): " + reason);
        try {
            Path tmp = corrupt.resolve(queueId + REASON + TMP);
            writeAndSync(tmp, (reason + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, corrupt.resolve(queueId + REASON), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            // Content before envelope: while the envelope is still in queue/, the message is still there.
            moveIfExists(queue.resolve(queueId + EML), corrupt.resolve(queueId + EML));
            fsyncDirectory(corrupt);
            moveIfExists(queue.resolve(queueId + ENV), corrupt.resolve(queueId + ENV));
            fsyncDirectory(corrupt);
            fsyncDirectory(queue);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, queueId + ": cannot move to corrupt/", e);
        }
    }

    /** @return the messages in the corrupt queue, oldest first */
    public List<CorruptMessage> listCorrupt() throws IOException {
        return listCorruptDirectory(root);
    }

    /** Lists the corrupt queue of a spool directory without locking it (for the command line). */
    public static List<CorruptMessage> listCorruptDirectory(Path root) throws IOException {
        Path dir = root.resolve("corrupt");
        Set<String> ids = new HashSet<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                for (String suffix : List.of(ENV, EML, REASON)) {
                    if (name.endsWith(suffix) && isQueueId(name.substring(0, name.length() - suffix.length()))) {
                        ids.add(name.substring(0, name.length() - suffix.length()));
                    }
                }
            }
        }
        List<CorruptMessage> out = new ArrayList<>();
        Path queueDir = root.resolve("queue");
        for (String id : ids) {
            if (Files.exists(queueDir.resolve(id + ENV))) {
                // quarantine() moves the envelope last: while it is still in queue/, the message is still queued
                // (a quarantine under way, or one a crash interrupted, which recovery undoes). Listing it here
                // would show a half-moved entry (no envelope) that the next listing contradicts.
                continue;
            }
            Path reasonFile = dir.resolve(id + REASON);
            String reason;
            Instant since;
            try {
                reason = Files.readString(reasonFile, java.nio.charset.StandardCharsets.UTF_8).strip();
                since = Files.getLastModifiedTime(reasonFile).toInstant();
            } catch (NoSuchFileException e) {
                // Quarantined by a version without reason files, or deleted while listing.
                reason = "unreadable envelope (no reason recorded)";
                Path any = Files.exists(dir.resolve(id + ENV)) ? dir.resolve(id + ENV) : dir.resolve(id + EML);
                try {
                    since = Files.getLastModifiedTime(any).toInstant();
                } catch (NoSuchFileException gone) {
                    continue;
                }
            }
            out.add(new CorruptMessage(id, reason, since, Files.exists(dir.resolve(id + ENV)),
                    Files.exists(dir.resolve(id + EML))));
        }
        out.sort(Comparator.comparing(CorruptMessage::quarantinedAt).thenComparing(CorruptMessage::queueId));
        return out;
    }

    /**
     * Puts a message from the corrupt queue back into the queue (an operator repaired it), due now. If it is still
     * unreadable, or its content is still missing, it goes back to {@code corrupt/} with the new reason.
     *
     * @return the message, when it is back in the queue
     */
    private Optional<SpooledMessage> releaseCorrupt(String queueId) throws IOException {
        synchronized (corruptMoves) { // see corruptMoves: no reader may quarantine it between the two moves
            return releaseCorruptLocked(queueId);
        }
    }

    private Optional<SpooledMessage> releaseCorruptLocked(String queueId) throws IOException {
        Path env = corrupt.resolve(queueId + ENV);
        if (!Files.exists(env)) {
            return Optional.empty();
        }
        if (!Files.exists(corrupt.resolve(queueId + EML))) {
            LOG.warning(queueId + ": not released: its content file is still missing");
            return Optional.empty();
        }
        // Envelope first, the mirror of quarantine(): from its move on, the message is in the queue (the corrupt
        // listing skips it, and nothing delivers it before this returns). Content first would leave, between the
        // moves, a corrupt entry listed without content and, after a crash, a content file in queue/ without its
        // envelope, which recovery takes for the remains of an unacknowledged message (see recover()).
        moveIfExists(env, queue.resolve(queueId + ENV));
        betweenReleaseMoves.run();
        moveIfExists(corrupt.resolve(queueId + EML), queue.resolve(queueId + EML));
        fsyncDirectory(queue);
        fsyncDirectory(corrupt);
        Optional<SpooledMessage> m = read(queueId); // quarantines it again when still unreadable
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Files.deleteIfExists(corrupt.resolve(queueId + REASON));
        SpooledMessage released = m.get().withHeld(false).dueAt(clock.instant());
        writeEnvelope(released, true);
        LOG.info(() -> queueId + ": released from the corrupt queue");
        return Optional.of(released);
    }

    /** @return whether a message with this id is in the corrupt queue */
    public boolean isCorrupt(String queueId) {
        return isQueueId(queueId) && (Files.exists(corrupt.resolve(queueId + ENV))
                || Files.exists(corrupt.resolve(queueId + REASON)));
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // nothing to move
        }
    }

    /** What the command line asks a running relay to do with one message (request files, see {@link #requestOperation}). */
    public enum Operation { HOLD, RELEASE, DELETE }

    /** A pending request from the command line, and its file (removed by {@link #finish} once carried out). */
    public record OperationRequest(String queueId, Operation operation, Path file) {
    }

    /** @return whether {@code s} has the shape of a queue id (no path tricks in request file names) */
    public static boolean isQueueId(String s) {
        return s != null && !s.isEmpty() && s.length() <= 64 && s.chars().allMatch(c ->
                c >= '0' && c <= '9' || c >= 'A' && c <= 'F');
    }

    /**
     * @return whether a message with this id is in the spool directory, in the queue or the corrupt queue (no lock
     *         needed, for the command line)
     */
    public static boolean exists(Path root, String queueId) {
        return isQueueId(queueId) && (Files.exists(root.resolve("queue").resolve(queueId + ENV))
                || Files.exists(root.resolve("corrupt").resolve(queueId + ENV))
                || Files.exists(root.resolve("corrupt").resolve(queueId + REASON)));
    }

    /**
     * Asks the running relay (which polls, like for {@link #requestFlush}) to hold, release or delete a message.
     * The request file {@code requests/ID.operation} disappears once the relay has carried it out.
     *
     * @return the request file
     */
    public static Path requestOperation(Path root, String queueId, Operation op) throws IOException {
        if (!isQueueId(queueId)) {
            throw new IllegalArgumentException("not a queue id: " + queueId);
        }
        Path dir = Files.createDirectories(root.resolve("requests"));
        Path file = dir.resolve(queueId + "." + op.name().toLowerCase(Locale.ROOT));
        Files.write(file, new byte[0]);
        return file;
    }

    /** @return the pending operation requests, oldest name first; {@link #finish} each once carried out */
    public List<OperationRequest> operationRequests() throws IOException {
        Path dir = root.resolve("requests");
        List<OperationRequest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(files::add);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path f : files) {
            String name = f.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Operation op = null;
            if (dot > 0) {
                for (Operation o : Operation.values()) {
                    if (o.name().equalsIgnoreCase(name.substring(dot + 1))) {
                        op = o;
                    }
                }
            }
            if (op != null && isQueueId(name.substring(0, dot))) {
                out.add(new OperationRequest(name.substring(0, dot), op, f));
            } else {
                LOG.warning("ignoring unknown request file " + f);
                Files.deleteIfExists(f);
            }
        }
        return out;
    }

    /** Removes a carried-out request; the command line that made it waits for this. */
    public void finish(OperationRequest r) throws IOException {
        Files.deleteIfExists(r.file());
    }

    /** Asks a running relay (which polls for it) to retry all deferred mail now, like {@code postqueue -f}. */
    public static void requestFlush(Path root) throws IOException {
        Files.write(root.resolve("flush"), new byte[0]);
    }

    /** @return whether a flush was requested, clearing the request */
    public boolean takeFlushRequest() throws IOException {
        return Files.deleteIfExists(root.resolve("flush"));
    }

    /** Lists a spool directory without locking it (for the command line, while the relay runs). */
    public static List<SpooledMessage> listDirectory(Path root) throws IOException {
        Path q = root.resolve("queue");
        List<SpooledMessage> out = new ArrayList<>();
        if (!Files.isDirectory(q)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(q, "*" + ENV)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - ENV.length());
                try {
                    byte[] b = Files.readAllBytes(p);
                    if (!EnvelopeCodec.isIncomplete(b)) { // else being written: not acknowledged yet
                        out.add(EnvelopeCodec.decode(id, b, q.resolve(id + EML)));
                    }
                } catch (NoSuchFileException e) {
                    // delivered between listing and reading
                } catch (RuntimeException e) {
                    LOG.warning(id + ": unreadable envelope: " + e.getMessage());
                }
            }
        }
        out.sort(Comparator.comparing(SpooledMessage::arrival).thenComparing(SpooledMessage::queueId));
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        if (lockChannel.isOpen()) {
            syncer.shutdown();
            queueSync.close();
            lock.release();
            lockChannel.close();
        }
    }

    private void recover() throws IOException {
        int removed = 0;
        for (String name : names()) {
            if (name.endsWith(TMP)) {
                Files.deleteIfExists(queue.resolve(name));
                removed++;
            }
        }
        removed += removeUnfinishedQuarantines();
        Set<String> envs = new HashSet<>(ids(ENV));
        Set<String> emls = new HashSet<>(ids(EML));
        for (String id : emls) {
            if (!envs.contains(id)) {
                if (Files.exists(corrupt.resolve(id + ENV)) && !Files.exists(corrupt.resolve(id + EML))) {
                    // A release from the corrupt queue that a crash interrupted after the content's move (earlier
                    // versions moved the content first): the message got a 250, so its content goes back.
                    moveIfExists(queue.resolve(id + EML), corrupt.resolve(id + EML));
                    fsyncDirectory(corrupt);
                    continue;
                }
                Files.deleteIfExists(queue.resolve(id + EML)); // never acknowledged, or already delivered
                removed++;
            }
        }
        for (String id : envs) {
            if (!emls.contains(id)) {
                // The content is created before the envelope and removed after it, so no crash of the relay
                // leaves this; something else removed the content. Never deleted silently: for an operator.
                quarantine(id, "content file missing (" + id + EML + ")");
            } else if (!acceptanceCompleted(id)) {
                Files.deleteIfExists(queue.resolve(id + ENV));
                Files.deleteIfExists(queue.resolve(id + EML));
                removed++;
            } else {
                read(id);
            }
        }
        fsyncDirectory(queue);
        if (removed > 0) {
            LOG.info("spool recovery: removed " + removed + " incomplete file(s) of unacknowledged messages or unfinished quarantines");
        }
    }

    /**
     * Cleans up after a crash inside {@link #quarantine}, which writes the reason first and moves the message after
     * it: {@code corrupt/ID.reason.tmp} (crash before the reason's rename), and {@code corrupt/ID.reason} for a
     * message whose files are all still in {@code queue/} (crash before the first move). In both cases the message
     * has not moved: it stays queued, is judged again below, and goes to {@code corrupt/} again if it still must.
     */
    private int removeUnfinishedQuarantines() throws IOException {
        if (!Files.isDirectory(corrupt)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(corrupt)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                boolean unfinished = name.endsWith(REASON + TMP);
                if (!unfinished && name.endsWith(REASON)) {
                    String id = name.substring(0, name.length() - REASON.length());
                    unfinished = isQueueId(id) && Files.notExists(corrupt.resolve(id + ENV))
                            && Files.notExists(corrupt.resolve(id + EML)) && Files.exists(queue.resolve(id + ENV));
                }
                if (unfinished) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * @return false for the remains of a crash during {@link Incoming#commit}: an envelope without its trailer, or
     * one whose content file does not have the size and CRC-32C recorded at acceptance (both files are flushed
     * concurrently, so either can be cut short). Only the acceptance-time envelope records the check; later
     * versions (after a delivery attempt) replaced it by a rename after the 250, and version 1 envelopes were
     * always renamed into place, so neither is checked.
     */
    private boolean acceptanceCompleted(String id) throws IOException {
        byte[] env;
        try {
            env = Files.readAllBytes(queue.resolve(id + ENV));
        } catch (NoSuchFileException e) {
            return true; // nothing to judge; read() will find nothing either
        }
        if (EnvelopeCodec.isIncomplete(env)) {
            if (EnvelopeCodec.writtenAfterAcceptance(env)) {
                // Only the first envelope is written in place; later ones are renamed into place complete. One cut
                // short that shows a later state (attempts made, held, delay warned) was damaged after the 250.
                quarantine(id, "envelope cut short after acceptance (no " + EnvelopeCodec.TRAILER + " line)");
                return true;
            }
            LOG.warning(id + ": envelope cut short (crash before the 250 was sent), removed");
            return false;
        }
        Optional<EnvelopeCodec.ContentCheck> check;
        try {
            check = EnvelopeCodec.contentCheck(env);
        } catch (IllegalArgumentException e) {
            return true; // unreadable: read() quarantines it
        }
        if (check.isEmpty()) {
            return true;
        }
        Path eml = queue.resolve(id + EML);
        CRC32C crc = new CRC32C();
        long size = 0;
        try (java.io.InputStream in = Files.newInputStream(eml)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
                size += n;
            }
        }
        if (size != check.get().size() || (int) crc.getValue() != check.get().crc32c()) {
            LOG.warning(id + ": content cut short (" + size + " of " + check.get().size()
                    + " bytes, or checksum differs; crash before the 250 was sent), removed");
            return false;
        }
        return true;
    }

    private List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(queue)) {
            ds.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    private List<String> ids(String suffix) throws IOException {
        return names().stream().filter(n -> n.endsWith(suffix))
                .map(n -> n.substring(0, n.length() - suffix.length())).toList();
    }

    private String newId() {
        // Time first so ids sort by arrival; the counter and a per-process random part keep them unique.
        return String.format(Locale.ROOT, "%011X%s%05X", clock.millis(), instance, counter.incrementAndGet() & 0xFFFFF);
    }

    private void writeEnvelope(SpooledMessage m, boolean syncDirectory) throws IOException {
        publishEnvelope(m, writeEnvelopeData(m), syncDirectory);
    }

    /** Writes and flushes {@code ID.env.tmp}; @return its path */
    private Path writeEnvelopeData(SpooledMessage m) throws IOException {
        Path tmp = queue.resolve(m.queueId() + ENV + TMP);
        writeAndSync(tmp, EnvelopeCodec.encode(m), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        return tmp;
    }

    private static void writeAndSync(Path file, byte[] data, StandardOpenOption... create) throws IOException {
        Set<StandardOpenOption> options = new HashSet<>(List.of(create));
        options.add(StandardOpenOption.WRITE);
        try (FileChannel ch = FileChannel.open(file, options)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false); // fdatasync: the data and the size, which is all a reader needs
        }
    }

    /** Renames the flushed {@code ID.env.tmp} over {@code ID.env} (atomic), optionally making the rename durable. */
    private void publishEnvelope(SpooledMessage m, Path tmp, boolean syncDirectory) throws IOException {
        try {
            Files.move(tmp, queue.resolve(m.queueId() + ENV), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the spool file system cannot rename atomically", e);
        }
        if (syncDirectory) {
            fsyncDirectory(queue);
        }
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Thrown by {@link #open} when another relay holds the spool's lock (it is running). */
    public static final class LockedException extends IOException {
        private static final long serialVersionUID = 1L;

        LockedException(String message) {
            super(message);
        }
    }

    /** A file system call run on a {@code spool-sync} thread. */
    private interface IoAction {
        void run() throws IOException;
    }

    /** A message being received. Not thread-safe: one SMTP session writes it. */
    public final class Incoming {
        private final String id;
        private final Path eml;
        private final FileChannel file;
        private final ChecksummedOutput checked;
        private final OutputStream out;
        private boolean done;

        private Incoming(String id, Path eml, FileChannel file) {
            this.id = id;
            this.eml = eml;
            this.file = file;
            this.checked = new ChecksummedOutput(java.nio.channels.Channels.newOutputStream(file));
            this.out = new BufferedOutputStream(checked, 64 * 1024);
        }

        /** @return the queue id the message will have */
        public String queueId() {
            return id;
        }

        /** @return where to write the content (CRLF line ends, dot-unstuffed) */
        public OutputStream content() {
            return out;
        }

        /**
         * Makes the message durable (see the class comment); only after this returns may the server answer 250.
         *
         * @return the stored message
         */
        public SpooledMessage commit(String sender, List<OutboundRecipient> recipients, String envId,
                                     OutboundMessage.Ret ret, boolean eightBit) throws IOException {
            return commit(sender, recipients, envId, ret, eightBit, false);
        }

        /** The same, for a message whose client declared SMTPUTF8 (RFC 6531) when {@code smtpUtf8}. */
        public SpooledMessage commit(String sender, List<OutboundRecipient> recipients, String envId,
                                     OutboundMessage.Ret ret, boolean eightBit, boolean smtpUtf8) throws IOException {
            if (done) {
                throw new IllegalStateException("already finished");
            }
            done = true;
            try {
                out.flush();
                // The content, the envelope and the directory are flushed to disk concurrently: the file system
                // can put all three into one journal commit instead of one after the other. No order among them
                // is needed, because a crash before all three complete leaves an envelope that recovery
                // recognises as incomplete (no trailer, or content not matching its size and checksum), and the
                // 250 waits for all three.
                FileChannel content = file;
                CompletableFuture<Void> contentSynced = async(() -> content.force(false)); // fdatasync: data, size
                Instant now = clock.instant();
                SpooledMessage m = new SpooledMessage(id, sender, recipients, envId, ret, eightBit, now, 0, now,
                        List.of(), eml, false, false, smtpUtf8);
                // Written in place, not renamed: its trailer and the content check make it self-validating.
                byte[] envelope = EnvelopeCodec.encode(m,
                        new EnvelopeCodec.ContentCheck(checked.size, (int) checked.crc.getValue()));
                try (FileChannel env = FileChannel.open(queue.resolve(id + ENV), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    // Both names exist from here on: a directory sync started now covers them.
                    CompletableFuture<Void> directorySynced = async(queueSync::sync);
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(envelope);
                    while (buf.hasRemaining()) {
                        env.write(buf);
                    }
                    env.force(false);
                    join(directorySynced);
                }
                join(contentSynced);
                file.close();
                return m;
            } catch (IOException | RuntimeException e) {
                discard();
                throw e;
            }
        }

        private CompletableFuture<Void> async(IoAction action) {
            return CompletableFuture.runAsync(() -> {
                try {
                    action.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, syncer);
        }

        private static void join(CompletableFuture<Void> f) throws IOException {
            try {
                f.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof UncheckedIOException u ? u.getCause()
                        : new IOException("spool sync failed", e.getCause());
            }
        }

        /** Throws the message away (client went away, size exceeded, error). Safe to call more than once. */
        public void abort() {
            if (!done) {
                done = true;
                discard();
            }
        }

        /** Counts and checksums the content on its way to the file (in buffer-sized chunks). */
        private static final class ChecksummedOutput extends java.io.FilterOutputStream {
            final CRC32C crc = new CRC32C();
            long size;

            ChecksummedOutput(OutputStream out) {
                super(out);
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                crc.update(b);
                size++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                crc.update(b, off, len);
                size += len;
            }
        }

        private void discard() {
            try {
                file.close();
            } catch (IOException ignored) {
                // nothing to save
            }
            try {
                Files.deleteIfExists(queue.resolve(id + ENV));
                Files.deleteIfExists(queue.resolve(id + ENV + TMP));
                Files.deleteIfExists(eml);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
