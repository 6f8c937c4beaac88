package dev.mx20.relay.spool;

import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.RecipientOutcome;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * optional {@code envid}, {@code ret}, {@code body}, {@code held}, {@code held.reason}, {@code delay.warned}, {@code smtputf8} (written only when
 * {@code true}, so older envelopes read as neither); per recipient {@code rcpt.N.address}, {@code rcpt.N.orcpt},
 * {@code rcpt.N.notify}; per last deferral {@code last.N.*}. Readable with {@code cat}, on purpose.
 *
 * <p>Version 2 frames the properties with a first line {@value #HEADER} and a last line {@value #TRAILER}, so a
 * reader can tell a complete file from one cut short by a crash: the first envelope of a message is written in
 * place (no rename, see {@link Spool}), and a version 2 file without its trailer was never acknowledged. An
 * envelope written at acceptance also carries {@code content.size} and {@code content.crc32c}, the check that
 * its content file was complete when the envelope was. Version 1 files (no framing, always published by an
 * atomic rename, so always complete) are still read.
 */
final class EnvelopeCodec {
    private static final String VERSION = "2";
    private static final String LEGACY_VERSION = "1";
    static final String HEADER = "#mx20-envelope-2";
    static final String TRAILER = "#end";
    private static final byte[] HEADER_BYTES = (HEADER + "\n").getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] TRAILER_BYTES = ("\n" + TRAILER + "\n").getBytes(StandardCharsets.ISO_8859_1);

    /** The size and CRC-32C of a content file, as recorded in the envelope written when it was accepted. */
    record ContentCheck(long size, int crc32c) {
    }

    private EnvelopeCodec() {
    }

    static byte[] encode(SpooledMessage m) {
        return encode(m, null);
    }

    /** @param check the content's size and checksum (at acceptance), or {@code null} (later updates) */
    static byte[] encode(SpooledMessage m, ContentCheck check) {
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
            if (m.heldReason() != null) {
                p.setProperty("held.reason", m.heldReason());
            }
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
        if (check != null) {
            p.setProperty("content.size", Long.toString(check.size()));
            p.setProperty("content.crc32c", Integer.toHexString(check.crc32c()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            out.write(HEADER_BYTES);
            p.store(out, null);
            out.write(TRAILER_BYTES, 1, TRAILER_BYTES.length - 1); // store() ends every line with \n
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @return whether these bytes are a version 2 envelope cut short (a crash while it was first written, so the
     * message was never acknowledged); a version 1 file is never incomplete in this sense
     */
    static boolean isIncomplete(byte[] bytes) {
        if (bytes.length < HEADER_BYTES.length) {
            return Arrays.equals(bytes, 0, bytes.length, HEADER_BYTES, 0, bytes.length); // also the empty file
        }
        return Arrays.equals(bytes, 0, HEADER_BYTES.length, HEADER_BYTES, 0, HEADER_BYTES.length)
                && !endsWith(bytes, TRAILER_BYTES);
    }

    /**
     * @return whether these bytes (an envelope cut short, see {@link #isIncomplete}) show a state later than the one
     * written at acceptance: attempts made, a reschedule, a hold, a delay notice. Only the acceptance envelope is
     * written in place (every later one is renamed into place complete), so such a file was damaged after the 250
     * and must be kept; {@code false} when what is left cannot tell (then it is the remains of a crash before the
     * 250, the only way the relay itself leaves an envelope cut short).
     */
    static boolean writtenAfterAcceptance(byte[] bytes) {
        // Whole lines only: a line cut short ("attempts=", half a timestamp) says nothing, and a session may be
        // writing this very file (readers see it while it is incomplete).
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        Properties p;
        try {
            p = load(Arrays.copyOf(bytes, end));
        } catch (IllegalArgumentException e) {
            return false;
        }
        String attempts = p.getProperty("attempts");
        String next = p.getProperty("next");
        String arrival = p.getProperty("arrival");
        return attempts != null && !attempts.equals("0")
                || next != null && arrival != null && !next.equals(arrival)
                || p.containsKey("held") || p.containsKey("delay.warned") || p.containsKey("last.0.recipient");
    }

    /** @return the content check recorded at acceptance, if this envelope has one */
    static java.util.Optional<ContentCheck> contentCheck(byte[] bytes) {
        Properties p = load(bytes);
        String size = p.getProperty("content.size");
        String crc = p.getProperty("content.crc32c");
        if (size == null || crc == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ContentCheck(Long.parseLong(size), Integer.parseUnsignedInt(crc, 16)));
    }

    private static boolean endsWith(byte[] bytes, byte[] suffix) {
        return bytes.length >= suffix.length
                && Arrays.equals(bytes, bytes.length - suffix.length, bytes.length, suffix, 0, suffix.length);
    }

    private static Properties load(byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable envelope: " + e.getMessage(), e);
        }
        return p;
    }

    /** @throws IllegalArgumentException when the file is not a complete envelope */
    static SpooledMessage decode(String queueId, byte[] bytes, Path content) {
        if (isIncomplete(bytes)) {
            throw new IllegalArgumentException("incomplete envelope (no " + TRAILER + " line)");
        }
        Properties p = load(bytes);
        String version = p.getProperty("version");
        if (!VERSION.equals(version) && !LEGACY_VERSION.equals(version)) {
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
                "true".equals(p.getProperty("delay.warned")), "true".equals(p.getProperty("smtputf8")),
                p.getProperty("held.reason"));
    }

    private static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("envelope lacks '" + key + "'");
        }
        return v;
    }
}
