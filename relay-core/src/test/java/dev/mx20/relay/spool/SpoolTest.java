package dev.mx20.relay.spool;

import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {
    @TempDir
    Path dir;

    private static final byte[] BODY = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final List<OutboundRecipient> RCPTS = List.of(
            new OutboundRecipient("alice@example.com", "rfc822;Alice@example.com",
                    Set.of(OutboundRecipient.Notify.FAILURE, OutboundRecipient.Notify.DELAY)),
            new OutboundRecipient("bob@example.com", null, Set.of()));

    @Test
    void committedMessageSurvivesReopenWithItsWholeEnvelope() throws IOException {
        String id;
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            Spool.Incoming in = s.create();
            in.content().write(BODY);
            id = in.commit("sender@example.org", RCPTS, "env+2Did", OutboundMessage.Ret.HDRS, true).queueId();
        }
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            SpooledMessage m = s.read(id).orElseThrow();
            assertEquals("sender@example.org", m.sender());
            assertEquals(RCPTS, m.recipients());
            assertEquals("env+2Did", m.envId());
            assertEquals(OutboundMessage.Ret.HDRS, m.ret());
            assertTrue(m.eightBit());
            assertArrayEquals(BODY, Files.readAllBytes(m.content()));
            assertEquals(List.of(m), s.list());
        }
    }

    @Test
    void crashMidWriteLeavesNothingVisibleAndRecoveryCleansUp() throws IOException {
        Spool s = Spool.open(dir, Clock.systemUTC());
        Spool.Incoming acked = s.create();
        acked.content().write(BODY);
        String ackedId = acked.commit("a@example.org", RCPTS, null, null, false).queueId();
        Spool.Incoming half = s.create();
        half.content().write("Subject: half\r\n\r\nthe client is still sen".getBytes(StandardCharsets.US_ASCII));
        half.content().flush();
        // The list shows only acknowledged messages while a write is in progress.
        assertEquals(List.of(ackedId), s.list().stream().map(SpooledMessage::queueId).toList());
        // Simulate the process dying here: no commit, no abort, the lock released by the OS.
        s.close();
        Files.writeString(dir.resolve("queue").resolve("X.env.tmp"), "version=1\nsender=half-writ");

        try (Spool after = Spool.open(dir, Clock.systemUTC())) {
            assertEquals(List.of(ackedId), after.list().stream().map(SpooledMessage::queueId).toList());
            try (Stream<Path> files = Files.list(dir.resolve("queue"))) {
                assertEquals(Set.of(ackedId + ".env", ackedId + ".eml"),
                        Set.copyOf(files.map(p -> p.getFileName().toString()).toList()));
            }
        }
    }

    @Test
    void envelopeWithoutContentAndCorruptEnvelopesAreQuarantinedWithTheirReasons() throws IOException {
        Path q = dir.resolve("queue");
        Files.createDirectories(q);
        // No crash of the relay leaves an envelope without content (content first, removed last): kept for a human.
        Files.writeString(q.resolve("A.env"), "version=1\nsender=\narrival=2026-01-01T00:00:00Z\nattempts=0\nnext=2026-01-01T00:00:00Z\n");
        Files.writeString(q.resolve("B.env"), "version=1\nsender=x@example.org\n");
        Files.write(q.resolve("B.eml"), BODY);
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            assertTrue(s.list().isEmpty());
            assertTrue(Files.exists(dir.resolve("corrupt").resolve("B.env")));
            assertTrue(Files.exists(dir.resolve("corrupt").resolve("A.env")));
            assertTrue(Files.notExists(q.resolve("A.env")));
            assertEquals(List.of("A: content file missing (A.eml)", "B: unreadable envelope: envelope lacks 'arrival'"),
                    s.listCorrupt().stream().map(c -> c.queueId() + ": " + c.reason()).sorted().toList());
        }
    }

    @Test
    void aQuarantineUnderWayIsNotListedUntilTheEnvelopeHasMoved() throws IOException {
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            String id = s.store("a@example.org", RCPTS, "ENV1", OutboundMessage.Ret.FULL, true, BODY).queueId();
            Path queue = dir.resolve("queue");
            Path corrupt = dir.resolve("corrupt");
            // The states quarantine() passes through, as a concurrent listing may see them: the reason written ...
            Files.writeString(corrupt.resolve(id + ".reason"), "content file missing (" + id + ".eml)\n");
            assertTrue(s.listCorrupt().isEmpty());
            assertTrue(Spool.listCorruptDirectory(dir).isEmpty());
            // ... the content moved, the envelope not yet ...
            Files.move(queue.resolve(id + ".eml"), corrupt.resolve(id + ".eml"));
            assertTrue(s.listCorrupt().isEmpty());
            // ... and the envelope moved: now it is listed, whole.
            Files.move(queue.resolve(id + ".env"), corrupt.resolve(id + ".env"));
            List<CorruptMessage> listed = s.listCorrupt();
            assertEquals(1, listed.size(), listed.toString());
            assertTrue(listed.get(0).hasEnvelope() && listed.get(0).hasContent(), listed.toString());
        }
    }

    @Test
    void aReleaseFromTheCorruptQueueInterruptedByACrashLosesNothing() throws IOException {
        String id;
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            id = s.store("a@example.org", RCPTS, "ENV1", OutboundMessage.Ret.FULL, true, BODY).queueId();
            s.quarantine(id, "unreadable envelope: test");
        }
        Path queue = dir.resolve("queue");
        Path corrupt = dir.resolve("corrupt");
        // Content moved back into the queue, envelope not yet (the order of earlier versions), then the crash:
        Files.move(corrupt.resolve(id + ".eml"), queue.resolve(id + ".eml"));
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            List<CorruptMessage> listed = s.listCorrupt();
            assertEquals(1, listed.size(), listed.toString());
            assertTrue(listed.get(0).hasEnvelope() && listed.get(0).hasContent(), "content kept: " + listed);
            assertArrayEquals(BODY, Files.readAllBytes(corrupt.resolve(id + ".eml")));
        }
        // The order now: envelope first. A crash between the moves leaves the envelope queued without content, which
        // recovery puts back into the corrupt queue, whole.
        Files.move(corrupt.resolve(id + ".env"), queue.resolve(id + ".env"));
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            assertTrue(s.list().isEmpty());
            List<CorruptMessage> listed = s.listCorrupt();
            assertEquals(1, listed.size(), listed.toString());
            assertTrue(listed.get(0).hasEnvelope() && listed.get(0).hasContent(), "content kept: " + listed);
        }
    }

    @Test
    void aListingDuringTheReleaseOfAStillUnreadableMessageLeavesItWholeInTheCorruptQueue() throws Exception {
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            String id = s.store("a@example.org", RCPTS, "ENV1", OutboundMessage.Ret.FULL, true, BODY).queueId();
            s.quarantine(id, "unreadable envelope: test");
            Path queue = dir.resolve("queue");
            Path corrupt = dir.resolve("corrupt");
            // the operator's "repair" did not help: the envelope still does not read
            Files.writeString(corrupt.resolve(id + ".env"), "version=1\nsender=x@example.org\n");
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread[] lister = new Thread[1];
            s.betweenReleaseMoves = () -> {
                // The envelope is back in queue/, the content still in corrupt/: a listing (no per-message lock)
                // finds the envelope unreadable now. Let it run until it has finished or waits for the release.
                lister[0] = new Thread(() -> {
                    try {
                        s.list();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "lister");
                lister[0].start();
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
                while (lister[0].getState() != Thread.State.BLOCKED && lister[0].getState() != Thread.State.TERMINATED
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            };
            assertEquals(java.util.Optional.empty(), s.release(id), "still unreadable: not released");
            lister[0].join(30_000);
            assertFalse(lister[0].isAlive(), "the listing ended");
            assertEquals(List.of(), failures);
            assertFalse(Files.exists(queue.resolve(id + ".eml")), "content left in queue/ without its envelope");
            assertFalse(Files.exists(queue.resolve(id + ".env")));
            List<CorruptMessage> listed = s.listCorrupt();
            assertEquals(1, listed.size(), listed.toString());
            assertTrue(listed.get(0).hasEnvelope() && listed.get(0).hasContent(), "whole: " + listed);
            assertArrayEquals(BODY, Files.readAllBytes(corrupt.resolve(id + ".eml")));
            assertTrue(s.list().isEmpty());
        }
    }

    @Test
    void unfinishedQuarantineIsUndoneAndTheMessageStaysQueued() throws IOException {
        String id;
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            id = s.store("a@example.org", RCPTS, "ENV1", OutboundMessage.Ret.FULL, true, BODY).queueId();
        }
        // A crash inside quarantine() after the reason's temporary file was written ...
        Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
        Files.writeString(corrupt.resolve(id + ".reason.tmp"), "content file missing (half written");
        // ... or after the reason's rename, before the message's files were moved.
        Files.writeString(corrupt.resolve(id + ".reason"), "content file missing (" + id + ".eml)\n");
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            assertEquals(List.of(id), s.list().stream().map(SpooledMessage::queueId).toList());
            assertTrue(s.listCorrupt().isEmpty());
            try (Stream<Path> files = Files.list(corrupt)) {
                assertEquals(List.of(), files.toList());
            }
        }
    }

    @Test
    void noPrefixOfAnAcceptanceEnvelopeLooksDamagedSoAConcurrentReaderNeverQuarantinesOne() throws IOException {
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            String id = s.store("a@example.org", RCPTS, "ENV1", OutboundMessage.Ret.FULL, true, BODY).queueId();
            Path env = dir.resolve("queue").resolve(id + ".env");
            byte[] whole = Files.readAllBytes(env);
            for (int cut = 0; cut < whole.length; cut++) {
                byte[] prefix = java.util.Arrays.copyOf(whole, cut);
                assertFalse(EnvelopeCodec.writtenAfterAcceptance(prefix), "cut at " + cut);
                Files.write(env, prefix); // as a session mid-write: read() skips it and leaves it alone
                assertTrue(s.read(id).isEmpty(), "cut at " + cut);
                assertTrue(Files.exists(env), "cut at " + cut);
            }
            assertTrue(s.listCorrupt().isEmpty());
            // Once a later state is on disk (an attempt made), an envelope cut short was damaged after the 250.
            Files.write(env, whole);
            SpooledMessage m = s.read(id).orElseThrow();
            s.update(m.afterAttempt(m.recipients(), Instant.now().plusSeconds(300), List.of()));
            byte[] updated = Files.readAllBytes(env);
            assertTrue(EnvelopeCodec.writtenAfterAcceptance(java.util.Arrays.copyOf(updated,
                    updated.length - EnvelopeCodec.TRAILER.length() - 1)));
        }
    }

    @Test
    void secondRelayOnTheSameSpoolIsRefused() throws IOException {
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            IOException e = assertThrows(IOException.class, () -> Spool.open(dir, Clock.systemUTC()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void updateAndRemoveAndAbort() throws IOException {
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            SpooledMessage m = s.store("", RCPTS, null, null, false, BODY);
            Instant later = Instant.parse("2030-01-01T00:00:00Z");
            RecipientOutcome why = new RecipientOutcome("bob@example.com", RecipientOutcome.Result.DEFERRED, "4.4.1",
                    0, "connect to [2001:db8::1]:25: Connection refused", null, "2001:db8::1", Instant.now());
            s.update(m.afterAttempt(RCPTS.subList(1, 2), later, List.of(why)));
            SpooledMessage back = s.read(m.queueId()).orElseThrow();
            assertEquals(1, back.attempts());
            assertEquals(later, back.nextAttempt());
            assertEquals(List.of(why), back.lastOutcomes());
            assertEquals("", back.sender());

            Spool.Incoming aborted = s.create();
            aborted.content().write(BODY);
            aborted.abort();
            s.remove(m.queueId());
            assertTrue(s.list().isEmpty());
            try (Stream<Path> files = Files.list(dir.resolve("queue"))) {
                assertEquals(0, files.count());
            }
        }
    }

    @Test
    void flushRequestIsTakenOnce() throws IOException {
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            Spool.requestFlush(dir);
            assertTrue(s.takeFlushRequest());
            assertTrue(!s.takeFlushRequest());
        }
    }

    @Test
    void envelopeIsFramedAndRecordsTheContentCheck() throws IOException {
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            String id = s.store("a@example.org", RCPTS, null, null, false, BODY).queueId();
            String env = Files.readString(dir.resolve("queue").resolve(id + ".env"), StandardCharsets.ISO_8859_1);
            assertTrue(env.startsWith(EnvelopeCodec.HEADER + "\n"), env);
            assertTrue(env.endsWith("\n" + EnvelopeCodec.TRAILER + "\n"), env);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(BODY);
            assertTrue(env.contains("content.size=" + BODY.length + "\n"), env);
            assertTrue(env.contains("content.crc32c=" + Long.toHexString(crc.getValue()) + "\n"), env);
        }
    }

    @Test
    void spoolWrittenByTheOldVersionIsStillReadAndDelivered() throws IOException {
        // Version 1 layout: unframed Properties envelope (renamed into place), content beside it.
        Path q = dir.resolve("queue");
        Files.createDirectories(q);
        Files.writeString(q.resolve("1A2B3C4D5E6F00000001.env"), """
                #Sat Nov 21 12:00:00 UTC 2026
                version=1
                sender=old@example.org
                arrival=2026-11-21T12\\:00\\:00Z
                attempts=2
                next=2026-11-21T12\\:10\\:00Z
                envid=old+2Did
                ret=FULL
                body=7BIT
                rcpt.0.address=alice@example.com
                rcpt.0.orcpt=rfc822;Alice@example.com
                rcpt.0.notify=DELAY,FAILURE
                last.0.recipient=alice@example.com
                last.0.result=DEFERRED
                last.0.status=4.4.1
                last.0.code=0
                last.0.diagnostic=connection refused
                last.0.at=2026-11-21T12\\:05\\:00Z
                """, StandardCharsets.ISO_8859_1);
        Files.write(q.resolve("1A2B3C4D5E6F00000001.eml"), BODY);
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            SpooledMessage m = s.list().get(0);
            assertEquals("old@example.org", m.sender());
            assertEquals(List.of(RCPTS.get(0)), m.recipients());
            assertEquals(2, m.attempts());
            assertEquals(OutboundMessage.Ret.FULL, m.ret());
            assertEquals("connection refused", m.lastOutcomes().get(0).diagnostic());
            assertArrayEquals(BODY, Files.readAllBytes(m.content()));
            // Its next update is written in the current format and still reads back.
            s.update(m.afterAttempt(m.recipients(), Instant.parse("2030-01-01T00:00:00Z"), m.lastOutcomes()));
            assertEquals(3, s.read(m.queueId()).orElseThrow().attempts());
        }
    }

    @Test
    void envelopeCutShortIsInvisibleWhileWrittenAndRemovedByRecovery() throws IOException {
        Spool s = Spool.open(dir, Clock.systemUTC());
        String kept = s.store("a@example.org", RCPTS, null, null, false, BODY).queueId();
        Path q = dir.resolve("queue");
        byte[] whole = Files.readAllBytes(q.resolve(kept + ".env"));
        // A session's envelope caught mid-write (as a concurrent list() or a crash would see it), at every length.
        for (int cut : new int[] {0, 5, EnvelopeCodec.HEADER.length() + 1, whole.length / 2, whole.length - 1}) {
            Files.write(q.resolve("CUT" + cut + ".env"), java.util.Arrays.copyOf(whole, cut));
            Files.write(q.resolve("CUT" + cut + ".eml"), BODY);
        }
        assertEquals(List.of(kept), s.list().stream().map(SpooledMessage::queueId).toList());
        assertTrue(s.read("CUT5").isEmpty());
        assertTrue(Files.exists(q.resolve("CUT5.env")), "a half-written envelope is not quarantined");
        s.close();
        try (Spool after = Spool.open(dir, Clock.systemUTC())) {
            assertEquals(List.of(kept), after.list().stream().map(SpooledMessage::queueId).toList());
            try (Stream<Path> files = Files.list(q)) {
                assertEquals(Set.of(kept + ".env", kept + ".eml"),
                        Set.copyOf(files.map(p -> p.getFileName().toString()).toList()));
            }
            try (Stream<Path> files = Files.list(dir.resolve("corrupt"))) {
                assertEquals(0, files.count());
            }
        }
    }

    @Test
    void completeEnvelopeWithContentCutShortIsRemovedByRecovery() throws IOException {
        String whole;
        String cut;
        String attempted;
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            whole = s.store("a@example.org", RCPTS, null, null, false, BODY).queueId();
            cut = s.store("a@example.org", RCPTS, null, null, false, BODY).queueId();
            SpooledMessage m = s.store("a@example.org", RCPTS, null, null, false, BODY);
            attempted = m.queueId();
            s.update(m.afterAttempt(RCPTS, Instant.parse("2030-01-01T00:00:00Z"), List.of()));
        }
        Path q = dir.resolve("queue");
        Files.write(q.resolve(cut + ".eml"), java.util.Arrays.copyOf(BODY, 7)); // content flush did not finish
        Files.write(q.resolve(whole + ".eml"), BODY.clone());
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            assertEquals(List.of(whole, attempted), s.list().stream().map(SpooledMessage::queueId).toList());
            assertTrue(Files.notExists(q.resolve(cut + ".eml")));
            assertTrue(Files.notExists(q.resolve(cut + ".env")));
        }
        // The same length with different bytes fails the checksum.
        byte[] flipped = BODY.clone();
        flipped[3] ^= 1;
        Files.write(q.resolve(whole + ".eml"), flipped);
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            assertEquals(List.of(attempted), s.list().stream().map(SpooledMessage::queueId).toList());
        }
    }

    @Test
    void concurrentCommitsShareDirectorySyncsAndAllSurvive() throws Exception {
        int threads = 16;
        int each = 10;
        Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        ids.add(s.store("a@example.org", RCPTS, null, null, false, BODY).queueId());
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        assertEquals(threads * each, ids.size());
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            assertEquals(ids, Set.copyOf(s.list().stream().map(SpooledMessage::queueId).toList()));
        }
    }
}
