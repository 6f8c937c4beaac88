package dev.mx20.relay;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The standalone relay's log line, one per event like a syslog line:
 * {@code 2026-11-21T22:10:05.123+0000 INFO dev.mx20.relay.smtp.SmtpSession: ID: client=[...], ...}, then the
 * stack trace of a throwable on the following lines. The same text as {@link java.util.logging.SimpleFormatter}
 * with the format {@value #SIMPLE_FORMAT}, built without {@link java.util.Formatter}: that parses the pattern and
 * converts the time field by field for every line (about 10 µs a line here), and the relay writes two or three
 * lines per message.
 */
final class LogLineFormatter extends Formatter {
    /** The {@code SimpleFormatter} pattern this class reproduces. */
    static final String SIMPLE_FORMAT = "%1$tFT%1$tT.%1$tL%1$tz %4$s %3$s: %5$s%6$s%n";
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx", Locale.ROOT);

    private final ZoneId zone;
    /** The formatted second (and offset) of the last line: consecutive lines mostly share it. */
    private volatile Second last = new Second(Long.MIN_VALUE, "", "");

    private record Second(long epochSecond, String text, String offset) {
    }

    LogLineFormatter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String format(LogRecord r) {
        Instant at = r.getInstant();
        Second s = last;
        if (s.epochSecond() != at.getEpochSecond()) {
            ZonedDateTime t = at.atZone(zone);
            s = new Second(at.getEpochSecond(), SECOND.format(t), OFFSET.format(t));
            last = s;
        }
        int millis = at.getNano() / 1_000_000;
        String message = String.valueOf(formatMessage(r)); // "null" for a null message, as SimpleFormatter
        StringBuilder b = new StringBuilder(64 + message.length())
                .append(s.text()).append('.')
                .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10))
                .append(s.offset()).append(' ')
                .append(r.getLevel().getLocalizedName()).append(' ')
                .append(r.getLoggerName()).append(": ")
                .append(message);
        if (r.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter w = new PrintWriter(trace)) {
                w.println();
                r.getThrown().printStackTrace(w);
            }
            b.append(trace.getBuffer()); // SimpleFormatter's %6$s: a line break, then the trace
        }
        return b.append(System.lineSeparator()).toString();
    }
}
