package dev.mx20.relay.spool;

import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The envelope file format: a {@link Properties} text file (ISO-8859-1 with unicode escapes, so any byte in an
 * address survives). Keys: {@code version}, {@code sender}, {@code arrival}, {@code attempts}, {@code next},
 * optional {@code envid}, {@code ret}, {@code body}, {@code held}, {@code delay.warned}, {@code smtputf8} (written only when
 * {@code true}, so older envelopes read as neither); per recipient {@code rcpt.N.address}, {@code rcpt.N.orcpt},
 * {@code rcpt.N.notify}; per last deferral {@code last.N.*}. Readable with {@code cat}, on purpose.
 */
final class EnvelopeCodec {
    private static final String VERSION = "1";

    private EnvelopeCodec() {
    }

    static byte[] encode(SpooledMessage m) {
        Properties p = new Properties();
        p.setProperty("version", VERSION);
        p.setProperty("sender", m.sender());
        p.setProperty("arrival", m.arrival().toString());
        p.setProperty("attempts", Integer.toString(m.attempts()));
        p.setProperty("next", m.nextAttempt().toString());
        if (m.envId() != null) {
            p.setProperty("envid", m.envId());
        }
        if (m.ret() != null) {
            p.setProperty("ret", m.ret().name());
        }
        p.setProperty("body", m.eightBit() ? "8BITMIME" : "7BIT");
        if (m.held()) {
            p.setProperty("held", "true");
        }
        if (m.delayWarned()) {
            p.setProperty("delay.warned", "true");
        }
        if (m.smtpUtf8()) {
            p.setProperty("smtputf8", "true");
        }
        for (int i = 0; i < m.recipients().size(); i++) {
            OutboundRecipient r = m.recipients().get(i);
            p.setProperty("rcpt." + i + ".address", r.address());
            if (r.orcpt() != null) {
                p.setProperty("rcpt." + i + ".orcpt", r.orcpt());
            }
            if (!r.notifyOn().isEmpty()) {
                p.setProperty("rcpt." + i + ".notify", String.join(",", r.notifyOn().stream().map(Enum::name).sorted().toList()));
            }
        }
        for (int i = 0; i < m.lastOutcomes().size(); i++) {
            RecipientOutcome o = m.lastOutcomes().get(i);
            String k = "last." + i + ".";
            p.setProperty(k + "recipient", o.recipient());
            p.setProperty(k + "result", o.result().name());
            p.setProperty(k + "status", o.status());
            p.setProperty(k + "code", Integer.toString(o.replyCode()));
            p.setProperty(k + "diagnostic", o.diagnostic() == null ? "" : o.diagnostic());
            if (o.remoteMta() != null) {
                p.setProperty(k + "mta", o.remoteMta());
            }
            if (o.remoteAddress() != null) {
                p.setProperty(k + "address", o.remoteAddress());
            }
            p.setProperty(k + "at", o.attemptedAt().toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the file is not a complete envelope */
    static SpooledMessage decode(String queueId, byte[] bytes, Path content) {
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable envelope: " + e.getMessage(), e);
        }
        if (!VERSION.equals(p.getProperty("version"))) {
            throw new IllegalArgumentException("envelope version " + p.getProperty("version") + " unknown");
        }
        List<OutboundRecipient> rcpts = new ArrayList<>();
        for (int i = 0; p.containsKey("rcpt." + i + ".address"); i++) {
            String n = p.getProperty("rcpt." + i + ".notify");
            Set<OutboundRecipient.Notify> notify = EnumSet.noneOf(OutboundRecipient.Notify.class);
            if (n != null) {
                Arrays.stream(n.split(",")).map(OutboundRecipient.Notify::valueOf).forEach(notify::add);
            }
            rcpts.add(new OutboundRecipient(p.getProperty("rcpt." + i + ".address"), p.getProperty("rcpt." + i + ".orcpt"), notify));
        }
        List<RecipientOutcome> last = new ArrayList<>();
        for (int i = 0; p.containsKey("last." + i + ".recipient"); i++) {
            String k = "last." + i + ".";
            last.add(new RecipientOutcome(p.getProperty(k + "recipient"),
                    RecipientOutcome.Result.valueOf(p.getProperty(k + "result")), p.getProperty(k + "status"),
                    Integer.parseInt(p.getProperty(k + "code")), p.getProperty(k + "diagnostic"),
                    p.getProperty(k + "mta"), p.getProperty(k + "address"), Instant.parse(p.getProperty(k + "at"))));
        }
        String ret = p.getProperty("ret");
        String sender = require(p, "sender");
        return new SpooledMessage(queueId, sender, rcpts, p.getProperty("envid"),
                ret == null ? null : OutboundMessage.Ret.valueOf(ret), "8BITMIME".equals(p.getProperty("body")),
                Instant.parse(require(p, "arrival")), Integer.parseInt(require(p, "attempts")),
                Instant.parse(require(p, "next")), last, content, "true".equals(p.getProperty("held")),
                "true".equals(p.getProperty("delay.warned")), "true".equals(p.getProperty("smtputf8")));
    }

    private static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("envelope lacks '" + key + "'");
        }
        return v;
    }
}
