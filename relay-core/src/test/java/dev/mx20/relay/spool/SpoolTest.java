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
    void envelopeWithoutContentIsAnUnacknowledgedRemainAndCorruptEnvelopesAreQuarantined() throws IOException {
        Path q = dir.resolve("queue");
        Files.createDirectories(q);
        Files.writeString(q.resolve("A.env"), "version=1\nsender=\narrival=2026-01-01T00:00:00Z\nattempts=0\nnext=2026-01-01T00:00:00Z\n");
        Files.writeString(q.resolve("B.env"), "version=1\nsender=x@example.org\n");
        Files.write(q.resolve("B.eml"), BODY);
        try (Spool s = Spool.open(dir, Clock.systemUTC())) {
            assertTrue(s.list().isEmpty());
            assertTrue(Files.exists(dir.resolve("corrupt").resolve("B.env")));
            assertTrue(Files.notExists(q.resolve("A.env")));
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
}
