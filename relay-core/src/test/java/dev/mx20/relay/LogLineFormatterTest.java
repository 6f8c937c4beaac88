package dev.mx20.relay;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogLineFormatterTest {
    @Test
    void linesAreExactlyWhatSimpleFormatterWritesWithTheRelaysFormat() {
        String before = System.getProperty("java.util.logging.SimpleFormatter.format");
        System.setProperty("java.util.logging.SimpleFormatter.format", LogLineFormatter.SIMPLE_FORMAT);
        try {
            SimpleFormatter simple = new SimpleFormatter();
            LogLineFormatter fast = new LogLineFormatter(ZoneId.systemDefault());
            long[] times = {0, 999, 1_000, 1_763_762_405_007L, 1_763_762_405_120L, 1_763_762_406_999L, 4_102_444_799_999L};
            for (long t : times) {
                for (LogRecord r : records(t)) {
                    assertEquals(simple.format(r), fast.format(r), "at " + t);
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty("java.util.logging.SimpleFormatter.format");
            } else {
                System.setProperty("java.util.logging.SimpleFormatter.format", before);
            }
        }
    }

    @Test
    void timeIsInTheGivenZoneWithMillisecondsAndOffset() {
        LogLineFormatter f = new LogLineFormatter(ZoneId.of("Europe/Berlin"));
        LogRecord r = new LogRecord(Level.WARNING, "4AB12C: to=<u@example.com>, status=deferred");
        r.setLoggerName("dev.mx20.relay.delivery");
        r.setInstant(Instant.parse("2026-07-01T10:00:00.042Z"));
        assertEquals("2026-07-01T12:00:00.042+0200 WARNING dev.mx20.relay.delivery: 4AB12C: to=<u@example.com>, "
                + "status=deferred" + System.lineSeparator(), f.format(r));
        // The next second of the same zone, then a jump back: the cached second must not leak.
        r.setInstant(Instant.parse("2026-07-01T10:00:01.000Z"));
        assertEquals("2026-07-01T12:00:01.000+0200", f.format(r).substring(0, 28));
        r.setInstant(Instant.parse("2026-01-01T10:00:00.999Z"));
        assertEquals("2026-01-01T11:00:00.999+0100", f.format(r).substring(0, 28));
    }

    private static LogRecord[] records(long millis) {
        LogRecord plain = new LogRecord(Level.INFO, "1A2B: client=[127.0.0.1], from=<a@example.org>, nrcpt=1, size=4200");
        LogRecord params = new LogRecord(Level.FINE, "queue: resumed {0} message(s) from {1}");
        params.setParameters(new Object[] {12, "the spool"});
        LogRecord thrown = new LogRecord(Level.SEVERE, "cannot store message");
        thrown.setThrown(new IOException("disk full", new IllegalStateException("inner")));
        LogRecord nullMessage = new LogRecord(Level.WARNING, null);
        LogRecord[] all = {plain, params, thrown, nullMessage};
        for (LogRecord r : all) {
            r.setLoggerName("dev.mx20.relay.smtp.SmtpSession");
            r.setInstant(Instant.ofEpochMilli(millis));
        }
        return all;
    }
}
