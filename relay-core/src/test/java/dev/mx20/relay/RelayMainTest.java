package dev.mx20.relay;

import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayMainTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return RelayMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path config(String extra) throws IOException {
        Files.writeString(dir.resolve("rcpts"), "alice@example.com\n");
        Path cf = dir.resolve("relay.cf");
        Files.writeString(cf, "myhostname = relay.example.com\nrelay_domains = example.com\nrelay_recipient_maps = "
                + dir.resolve("rcpts") + "\nqueue_directory = " + dir.resolve("spool") + "\n" + extra);
        return cf;
    }

    @Test
    void checkPrintsTheNonDefaultSettings() throws IOException {
        Path cf = config("");
        assertEquals(0, run("-c", cf.toString(), "check"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("relay_domains = example.com"), text);
        assertTrue(text.contains("# relay_recipient_maps: 1 entries"), text);
    }

    @Test
    void configurationErrorsExit78WithTheLine() throws IOException {
        Path cf = config("message_size_limt = 5\n");
        assertEquals(RelayMain.EX_CONFIG, run("-c", cf.toString(), "check"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("relay.cf:5: unknown setting 'message_size_limt'"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(RelayMain.EX_CONFIG, run("-c", dir.resolve("missing.cf").toString(), "check"));
        Path good = config("");
        Files.writeString(dir.resolve("rcpts"), "not an address\n");
        assertEquals(RelayMain.EX_CONFIG, run("-c", good.toString(), "check"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("rcpts:1:"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownCommandsExit64() throws IOException {
        assertEquals(RelayMain.EX_USAGE, run("-c", config("").toString(), "queue", "purge"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage:"));
    }

    @Test
    void queueListLooksLikeMailqAndFlushLeavesARequest() throws IOException {
        Path cf = config("");
        assertEquals(0, run("-c", cf.toString(), "queue", "list"));
        assertEquals("Mail queue is empty", out.toString(StandardCharsets.UTF_8).strip());

        try (Spool spool = Spool.open(dir.resolve("spool"), Clock.systemUTC())) {
            SpooledMessage m = spool.store("sender@example.org",
                    List.of(new OutboundRecipient("alice@example.com", null, Set.of())), null, null, false,
                    "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            spool.update(m.afterAttempt(m.recipients(), Instant.now().plusSeconds(300), List.of(
                    new RecipientOutcome("alice@example.com", RecipientOutcome.Result.DEFERRED, "4.4.1", 0,
                            "connect to v6only.example.com[2001:db8::1]:25: Connection refused", null, null,
                            Instant.now()))));
            assertEquals(0, run("-c", cf.toString(), "queue", "list"));
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains(m.queueId()), text);
            assertTrue(text.contains("sender@example.org"), text);
            assertTrue(text.contains("(connect to v6only.example.com[2001:db8::1]:25: Connection refused)"), text);
            assertTrue(text.contains("alice@example.com"), text);
            assertTrue(text.contains("-- 1 Kbytes in 1 Request."), text);

            assertEquals(0, run("-c", cf.toString(), "queue", "flush"));
            assertTrue(spool.takeFlushRequest());
        }
    }

    private String storeOne(Path spoolDir) throws IOException {
        try (Spool spool = Spool.open(spoolDir, Clock.systemUTC())) {
            return spool.store("sender@example.org",
                    List.of(new OutboundRecipient("alice@example.com", null, Set.of())), null, null, false,
                    "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)).queueId();
        }
    }

    @Test
    void holdReleaseDeleteWorkOnTheSpoolWhenNoRelayRuns() throws IOException {
        Path cf = config("");
        String id = storeOne(dir.resolve("spool"));
        assertEquals(0, run("-c", cf.toString(), "queue", "hold", id));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(id + ": placed on hold"));
        assertEquals(0, run("-c", cf.toString(), "queue", "list"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(id + "!"), "mailq marks held mail with '!'");
        assertTrue(Spool.listDirectory(dir.resolve("spool")).get(0).held());

        assertEquals(0, run("-c", cf.toString(), "queue", "release", id));
        assertFalse(Spool.listDirectory(dir.resolve("spool")).get(0).held());
        assertEquals(0, run("-c", cf.toString(), "queue", "delete", id));
        assertTrue(Spool.listDirectory(dir.resolve("spool")).isEmpty());

        assertEquals(RelayMain.EX_NOINPUT, run("-c", cf.toString(), "queue", "delete", id));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(id + ": no such message in the queue"));
        assertEquals(RelayMain.EX_USAGE, run("-c", cf.toString(), "queue", "hold", "../../etc/passwd"));
        assertEquals(RelayMain.EX_USAGE, run("-c", cf.toString(), "queue", "hold"));
    }

    @Test
    void queueListShowsTheRelaysOwnHoldsAndTheCorruptQueueWhichReleaseAndDeleteWorkOn() throws IOException {
        Path cf = config("");
        Path spoolDir = dir.resolve("spool");
        String poison = storeOne(spoolDir);
        String noContent = storeOne(spoolDir);
        try (Spool spool = Spool.open(spoolDir, Clock.systemUTC())) {
            spool.holdBecause(poison, "5 queue errors in a row, the last: java.io.IOException: No space left on device");
        }
        Files.delete(spoolDir.resolve("queue").resolve(noContent + ".eml"));
        Spool.open(spoolDir, Clock.systemUTC()).close(); // start-up recovery, as the relay's next start

        assertEquals(0, run("-c", cf.toString(), "queue", "list"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(poison + "!"), text);
        assertTrue(text.contains("(held by the relay: 5 queue errors in a row, the last: java.io.IOException: "
                + "No space left on device)"), text);
        assertTrue(text.contains("-- 1 Kbytes in 1 Request."), text);
        assertTrue(text.contains("-- 1 corrupt message"), text);
        assertTrue(text.contains(noContent + "#"), text);
        assertTrue(text.contains("content file missing (" + noContent + ".eml) [no content file]"), text);

        assertEquals(RelayMain.EX_DATAERR, run("-c", cf.toString(), "queue", "release", noContent));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("left in the corrupt queue: content file missing"));
        assertEquals(0, run("-c", cf.toString(), "queue", "delete", noContent));
        assertTrue(Spool.listCorruptDirectory(spoolDir).isEmpty());
        assertEquals(0, run("-c", cf.toString(), "queue", "release", poison));
        SpooledMessage released = Spool.listDirectory(spoolDir).get(0);
        assertFalse(released.held());
        assertEquals(null, released.heldReason(), "a release clears the reason");
        assertEquals(0, run("-c", cf.toString(), "queue", "list"));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("corrupt"));
    }

    @Test
    void theCorruptQueueOfARunningRelayIsReleasedAndDeletedThroughIt() throws Exception {
        Path cf = config("inet_interfaces = 127.0.0.1\nsmtpd_port = 0\n");
        String id = storeOne(dir.resolve("spool"));
        Files.delete(dir.resolve("spool").resolve("queue").resolve(id + ".eml"));
        try (MxRelay relay = MxRelay.builder(dev.mx20.relay.config.ConfigFile.parse(cf))
                .deliveryAgent(m -> { throw new AssertionError("nothing is deliverable here"); }).build()) {
            relay.start(); // start-up recovery moves it to the corrupt queue
            assertEquals(List.of(id), relay.listCorrupt().stream().map(c -> c.queueId()).toList());
            assertEquals(RelayMain.EX_DATAERR, run("-c", cf.toString(), "queue", "release", id));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(id + ": still not deliverable, left in the "
                    + "corrupt queue: content file missing"), err.toString(StandardCharsets.UTF_8));
            assertEquals(0, run("-c", cf.toString(), "queue", "delete", id));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains(id + ": deleted (by the running relay)"));
            assertTrue(relay.listCorrupt().isEmpty());
            assertTrue(relay.listQueue().isEmpty());
        }
    }

    @Test
    void holdGoesThroughTheRunningRelay() throws Exception {
        Path cf = config("inet_interfaces = 127.0.0.1\nsmtpd_port = 0\n");
        String id = storeOne(dir.resolve("spool"));
        // The relay's delivery agent defers everything: the message stays queued for the operator to act on.
        try (MxRelay relay = MxRelay.builder(dev.mx20.relay.config.ConfigFile.parse(cf))
                .deliveryAgent(m -> m.recipients().stream().map(r -> new RecipientOutcome(r.address(),
                        RecipientOutcome.Result.DEFERRED, "4.4.1", 0, "primary down", null, null, Instant.now()))
                        .toList()).build()) {
            relay.start();
            assertEquals(0, run("-c", cf.toString(), "queue", "hold", id));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains(id + ": placed on hold (by the running relay)"),
                    out.toString(StandardCharsets.UTF_8));
            assertTrue(relay.listQueue().get(0).held());
            assertEquals(0, run("-c", cf.toString(), "queue", "delete", id));
            assertTrue(relay.listQueue().isEmpty());
            assertEquals(RelayMain.EX_NOINPUT, run("-c", cf.toString(), "queue", "release", id));
        }
    }
}
