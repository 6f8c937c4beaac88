package dev.mx20.relay.queue;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;
import dev.mx20.dsn.taxonomy.Permanence;
import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.OutboundRecipient.Notify;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.delivery.RecipientOutcome.Result;
import dev.mx20.relay.dsn.DsnSettings;
import dev.mx20.relay.dsn.DsnWriter;
import dev.mx20.relay.spool.Spool;
import dev.mx20.relay.spool.SpooledMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delay notices (RFC 3464 {@code Action: delayed}, RFC 3461 NOTIFY=DELAY, Postfix {@code delay_warning_time}):
 * one per message, once it has been queued that long, only for recipients that want one, never to the null
 * sender; and dsn-core reads each as a delay report with a transient verdict.
 */
class DelayWarningTest {
    private static final Duration WARN = Duration.ofHours(4);
    @TempDir
    Path dir;
    private final DeliveryQueueTest.MutableClock clock =
            new DeliveryQueueTest.MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private Spool spool;
    private DeliveryQueue queue;

    /** The primary is down: every recipient is deferred with the same reply. */
    private final dev.mx20.relay.delivery.DeliveryAgent primaryDown = message -> {
        List<RecipientOutcome> out = new ArrayList<>();
        for (OutboundRecipient r : message.recipients()) {
            out.add(new RecipientOutcome(r.address(), Result.DEFERRED, "4.4.1", 0,
                    "connect to v6only.example.com[2001:db8::1]:25: Connection refused", null, null, clock.instant()));
        }
        return out;
    };

    @BeforeEach
    void open() throws IOException {
        spool = Spool.open(dir, clock);
        queue = queue(WARN);
    }

    private DeliveryQueue queue(Duration warn) {
        return new DeliveryQueue(spool, primaryDown, new DsnWriter(DsnSettings.of("relay.example.com"), clock),
                new Backoff(Duration.ofSeconds(300), Duration.ofSeconds(4000)), Duration.ofDays(5), Duration.ofDays(2),
                warn, 1, clock);
    }

    @AfterEach
    void close() throws IOException {
        queue.close();
        spool.close();
    }

    private SpooledMessage store(String sender, OutboundRecipient... rcpts) throws IOException {
        return spool.store(sender, List.of(rcpts), "env-7", OutboundMessage.Ret.HDRS, false,
                "Subject: quarterly numbers\r\nMessage-ID: <q@sender.example>\r\n\r\nbody\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
    }

    private static OutboundRecipient rcpt(String address, Notify... notify) {
        return new OutboundRecipient(address, null, Set.of(notify));
    }

    /** Runs attempts at the given ages of the message; returns the notices spooled (null-sender messages). */
    private List<SpooledMessage> attemptsAt(SpooledMessage m, Duration... ages) throws IOException {
        SpooledMessage current = m;
        for (Duration age : ages) {
            clock.set(m.arrival().plus(age));
            queue.attempt(current);
            current = spool.read(m.queueId()).orElseThrow();
        }
        return spool.list().stream().filter(x -> x.sender().isEmpty()).toList();
    }

    @Test
    void oneNoticeOnceTheMessageIsDelayWarningTimeOld() throws Exception {
        SpooledMessage m = store("alice@sender.example", rcpt("bob@example.com"));
        assertTrue(attemptsAt(m, Duration.ZERO, Duration.ofHours(1), Duration.ofHours(3).plusMinutes(59)).isEmpty(),
                "younger than delay_warning_time: no notice");
        List<SpooledMessage> notices = attemptsAt(m, Duration.ofHours(4), Duration.ofHours(5), Duration.ofHours(30));
        assertEquals(1, notices.size(), "exactly one notice per message");
        SpooledMessage notice = notices.get(0);
        assertEquals("alice@sender.example", notice.recipients().get(0).address());
        assertTrue(spool.read(m.queueId()).orElseThrow().delayWarned(), "remembered in the envelope");

        String text = Files.readString(notice.content(), StandardCharsets.US_ASCII);
        assertTrue(text.contains("Subject: Delayed Mail (still being retried)"), text);
        assertTrue(text.contains("Action: delayed\r\nStatus: 4.4.1"), text);
        assertTrue(text.contains("Will-Retry-Until: Thu, 26 Nov 2026"), "arrival + maximal_queue_lifetime: " + text);

        BounceReport r = BounceAnalyzer.create().analyze(Files.readAllBytes(notice.content()));
        assertEquals(ReportKind.DELAY, r.kind());
        assertEquals(1, r.recipients().size());
        RecipientReport rr = r.recipients().get(0);
        assertEquals("bob@example.com", rr.finalRecipient());
        assertEquals(Action.DELAYED, rr.action());
        assertEquals(Permanence.TRANSIENT, rr.classification().permanence());
    }

    @Test
    void theNoticeSurvivesARestartAsAlreadySent() throws Exception {
        SpooledMessage m = store("alice@sender.example", rcpt("bob@example.com"));
        assertEquals(1, attemptsAt(m, Duration.ofHours(5)).size());
        queue.close();
        spool.close();
        spool = Spool.open(dir, clock);
        queue = queue(WARN);
        assertEquals(1, attemptsAt(spool.read(m.queueId()).orElseThrow(), Duration.ofHours(6)).size(),
                "no second notice after a restart");
    }

    @Test
    void onlyRecipientsWhoseNotifyIncludesDelay() throws Exception {
        SpooledMessage m = store("alice@sender.example",
                rcpt("default@example.com"),                          // no NOTIFY: FAILURE,DELAY (RFC 3461 §4.1)
                rcpt("delay@example.com", Notify.DELAY, Notify.FAILURE),
                rcpt("failure@example.com", Notify.FAILURE),
                rcpt("never@example.com", Notify.NEVER));
        List<SpooledMessage> notices = attemptsAt(m, Duration.ofHours(4));
        assertEquals(1, notices.size());
        String text = Files.readString(notices.get(0).content(), StandardCharsets.US_ASCII);
        assertTrue(text.contains("Final-Recipient: rfc822; default@example.com"), text);
        assertTrue(text.contains("Final-Recipient: rfc822; delay@example.com"), text);
        assertFalse(text.contains("failure@example.com"), text);
        assertFalse(text.contains("never@example.com"), text);
    }

    @Test
    void noNoticeWhenNobodyAskedForOneAndNoLaterOneEither() throws Exception {
        SpooledMessage m = store("alice@sender.example", rcpt("failure@example.com", Notify.FAILURE));
        assertTrue(attemptsAt(m, Duration.ofHours(4), Duration.ofHours(8)).isEmpty());
        assertTrue(spool.read(m.queueId()).orElseThrow().delayWarned(), "decided once, like a sent notice");
    }

    @Test
    void neverANoticeToTheNullSender() throws Exception {
        SpooledMessage bounce = store("", rcpt("alice@sender.example"));
        assertTrue(attemptsAt(bounce, Duration.ofHours(4), Duration.ofHours(30)).stream()
                .noneMatch(x -> !x.queueId().equals(bounce.queueId())), "only the DSN itself is queued");
        assertEquals(1, spool.list().size());
    }

    @Test
    void zeroTurnsNoticesOff() throws Exception {
        queue.close();
        queue = queue(Duration.ZERO);
        SpooledMessage m = store("alice@sender.example", rcpt("bob@example.com"));
        assertTrue(attemptsAt(m, Duration.ofHours(4), Duration.ofDays(2)).isEmpty());
        assertFalse(spool.read(m.queueId()).orElseThrow().delayWarned());
    }
}
