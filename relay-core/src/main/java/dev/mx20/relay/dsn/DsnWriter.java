package dev.mx20.relay.dsn;

import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.OutboundRecipient.Notify;
import dev.mx20.relay.delivery.RecipientOutcome;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes RFC 3464 delivery status notifications about a relayed message, and their RFC 6533 "global" form for
 * internationalised mail.
 *
 * <p>Which recipients a DSN reports (RFC 3461 §4.1, §6.2):
 * <ul>
 *   <li>{@code FAILED} outcomes, unless the recipient said NOTIFY=NEVER or a NOTIFY list without FAILURE;</li>
 *   <li>{@code DEFERRED} outcomes only when the caller asks for a delay warning ({@code willRetryUntil} given), and
 *       the recipient gave no NOTIFY (the default includes delays) or included DELAY;</li>
 *   <li>{@code DELIVERED} outcomes only for NOTIFY=SUCCESS.</li>
 * </ul>
 * There is never a DSN for the null sender (RFC 5321 §6.1: no notifications about notifications).
 *
 * <p>Which form (RFC 6533 §4, as Postfix decides it): when the original was received with SMTPUTF8 (RFC 6531) or
 * has a UTF-8 envelope address, the report is {@code multipart/report; report-type=global-delivery-status} with a
 * UTF-8 {@code message/global-delivery-status} part (addresses as they are, {@code utf-8} address type for non-ASCII
 * ones, RFC 6533 §3), the returned header as {@code message/global-headers} and the returned message as
 * {@code message/global} (RFC 6532 §3.7, §3.5). Such a DSN must travel with SMTPUTF8 ({@link Dsn#smtpUtf8()}); where the
 * sender's server lacks it, the delivery agent sends these parts base64-encoded (RFC 6533 §4), which needs no
 * change here. Every other message gets the RFC 3464 form, US-ASCII only, byte for byte as before RFC 6533 support.
 *
 * <p>The message is built by hand rather than with mime4j's DOM builders because its shape is fixed and small,
 * and every byte matters for the parsers at the other end: CRLF lines, folded header fields under 78 columns, a
 * US-ASCII {@code message/delivery-status} part (RFC 3464 §2.1; server replies are cleaned of other octets).
 * Tests parse the result back with mime4j and with dsn-core's {@code BounceAnalyzer}.
 *
 * <p>Thread-safe.
 */
public final class DsnWriter {
    private static final DateTimeFormatter RFC5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DsnSettings settings;
    private final Clock clock;

    public DsnWriter(DsnSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public DsnWriter(DsnSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes the DSN these outcomes call for, if any.
     *
     * @param original       the message the outcomes are about
     * @param outcomes       outcomes of (some of) its recipients; recipients are matched by address
     * @param willRetryUntil when the queue gives up on deferred recipients, to write a delay warning; {@code null}
     *                       when no delay warning is wanted now (deferred outcomes are then not reported)
     * @return the DSN, or empty when nothing is to be reported (null sender, NOTIFY, nothing failed)
     * @throws UncheckedIOException when the original message file cannot be read
     */
    public Optional<Dsn> write(OutboundMessage original, List<RecipientOutcome> outcomes, Instant willRetryUntil) {
        if (original.hasNullSender()) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        for (RecipientOutcome o : outcomes) {
            OutboundRecipient r = original.recipients().stream()
                    .filter(x -> x.address().equals(o.recipient())).findFirst()
                    .orElse(new OutboundRecipient(o.recipient(), null, Set.of()));
            Set<Notify> notify = r.notifyOn();
            if (notify.contains(Notify.NEVER)) {
                continue;
            }
            boolean wanted = switch (o.result()) {
                case FAILED -> notify.isEmpty() || notify.contains(Notify.FAILURE);
                case DEFERRED -> willRetryUntil != null && (notify.isEmpty() || notify.contains(Notify.DELAY));
                case DELIVERED -> notify.contains(Notify.SUCCESS);
            };
            if (wanted) {
                entries.add(new Entry(r, o));
            }
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Dsn.Kind kind = entries.stream().anyMatch(e -> e.outcome.result() == RecipientOutcome.Result.FAILED)
                ? Dsn.Kind.FAILED
                : entries.stream().anyMatch(e -> e.outcome.result() == RecipientOutcome.Result.DEFERRED)
                ? Dsn.Kind.DELAYED : Dsn.Kind.DELIVERED;
        boolean global = isInternational(original);
        try {
            byte[] bytes = compose(original, entries, kind, willRetryUntil, global);
            return Optional.of(new Dsn(original.sender(), kind,
                    entries.stream().map(e -> e.outcome.recipient()).toList(), bytes, global));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + original.content(), e);
        }
    }

    private record Entry(OutboundRecipient recipient, RecipientOutcome outcome) {
    }

    /**
     * Whether a DSN about this message takes the RFC 6533 form: the client declared SMTPUTF8, or (a message built
     * through the Java API without the flag) an envelope address is not ASCII.
     */
    static boolean isInternational(OutboundMessage m) {
        if (m.smtpUtf8() || !isAscii(m.sender())) {
            return true;
        }
        for (OutboundRecipient r : m.recipients()) {
            if (!isAscii(r.address())) {
                return true;
            }
        }
        return false;
    }

    private byte[] compose(OutboundMessage original, List<Entry> entries, Dsn.Kind kind, Instant retryUntil,
                           boolean global) throws IOException {
        String host = settings.myhostname();
        // RFC 6532 §3: in the global form header field values may be UTF-8; otherwise US-ASCII only (RFC 3464 §2.1).
        java.util.function.UnaryOperator<String> clean = global ? DsnWriter::utf8 : DsnWriter::ascii;
        String boundary = "dsn=" + HexFormat.of().formatHex(randomBytes(12)) + "/" + host;
        Instant now = clock.instant();
        MessageText m = new MessageText();

        // --- top-level header (RFC 5322 + RFC 3834 + RFC 6522) --------------------------------------
        m.field("From", "MAILER-DAEMON@" + host + " (Mail Delivery System)");
        m.field("To", "<" + clean.apply(original.sender()) + ">");
        m.field("Subject", switch (kind) {
            case FAILED -> "Undelivered Mail Returned to Sender";
            case DELAYED -> "Delayed Mail (still being retried)";
            case DELIVERED -> "Successful Mail Delivery Report";
        });
        m.field("Date", date(now));
        m.field("Message-ID", "<" + now.toEpochMilli() + "." + HexFormat.of().formatHex(randomBytes(6)) + "@"
                + host + ">");
        m.field("Auto-Submitted", "auto-replied"); // RFC 3834 §5: no auto-replies to this, please
        m.field("MIME-Version", "1.0");
        // RFC 6522 §3: report-type names the machine-readable part's subtype; RFC 6533 registers
        // message/global-delivery-status.
        m.field("Content-Type", "multipart/report; report-type=" + (global ? "global-" : "") + "delivery-status;"
                + " boundary=\"" + boundary + "\"");
        m.line("");
        m.line("This is a MIME-encapsulated message.");
        m.line("");

        // --- 1: human-readable explanation (RFC 6522 §3) --------------------------------------------
        m.line("--" + boundary);
        m.field("Content-Description", "Notification");
        MessageText human = new MessageText();
        humanText(human, original, entries, kind, retryUntil, clean);
        boolean humanUtf8 = hasEightBit(human.bytes());
        m.field("Content-Type", "text/plain; charset=" + (humanUtf8 ? "utf-8" : "us-ascii"));
        if (humanUtf8) {
            m.field("Content-Transfer-Encoding", "8bit");
        }
        m.line("");
        m.raw(human.bytes());
        m.line("");

        // --- 2: message/delivery-status (RFC 3464 §2) -----------------------------------------------
        m.line("--" + boundary);
        m.field("Content-Description", "Delivery report");
        MessageText status = new MessageText();
        statusFields(status, original, entries, retryUntil, global, clean);
        m.field("Content-Type", global ? "message/global-delivery-status" : "message/delivery-status");
        if (hasEightBit(status.bytes())) {
            m.field("Content-Transfer-Encoding", "8bit"); // only the global form can have 8-bit octets here
        }
        m.line("");
        m.raw(status.bytes());
        m.line("");

        // --- 3: the original message or its header (RFC 3461 §4.3 RET) -------------------------------
        long size = Files.size(original.content());
        boolean full = kind == Dsn.Kind.FAILED && original.ret() == OutboundMessage.Ret.FULL
                && size <= settings.returnedSizeLimit();
        m.line("--" + boundary);
        if (full) {
            byte[] content = Files.readAllBytes(original.content());
            m.field("Content-Description", "Undelivered Message");
            m.field("Content-Type", global ? "message/global" : "message/rfc822");
            // RFC 2046 §5.2.1: message/rfc822 allows only 7bit, 8bit or binary (RFC 6532 §3.5 lets message/global
            // be encoded too; the delivery agent does that for a next hop without SMTPUTF8).
            m.field("Content-Transfer-Encoding", hasEightBit(content) ? "8bit" : "7bit");
            m.line("");
            m.raw(content);
            if (!endsWithCrlf(content)) {
                m.line("");
            }
        } else {
            byte[] headers = headerBlock(original);
            m.field("Content-Description", kind == Dsn.Kind.FAILED ? "Undelivered Message Headers"
                    : "Message Headers");
            m.field("Content-Type", global ? "message/global-headers" : "text/rfc822-headers");
            if (hasEightBit(headers)) {
                m.field("Content-Transfer-Encoding", "8bit");
            }
            m.line("");
            m.raw(headers);
            if (!endsWithCrlf(headers)) {
                m.line("");
            }
        }
        m.line("");
        m.line("--" + boundary + "--");
        return m.bytes();
    }

    /** The per-message and per-recipient fields (RFC 3464 §2.2, §2.3; RFC 6533 §3 for the global form). */
    private void statusFields(MessageText m, OutboundMessage original, List<Entry> entries, Instant retryUntil,
                              boolean global, java.util.function.UnaryOperator<String> clean) {
        String host = settings.myhostname();
        m.field("Reporting-MTA", "dns; " + host);
        if (original.envId() != null) {
            m.field("Original-Envelope-Id", ascii(Xtext.decode(original.envId())));
        }
        m.field("X-Mx20-Queue-ID", ascii(original.queueId()));
        if (original.arrival() != null) {
            m.field("Arrival-Date", date(original.arrival()));
        }
        for (Entry e : entries) {
            m.line("");
            RecipientOutcome o = e.outcome;
            if (e.recipient.orcpt() != null) {
                m.field("Original-Recipient", global ? globalOriginalRecipient(e.recipient.orcpt())
                        : asciiOriginalRecipient(e.recipient.orcpt()));
            }
            // RFC 6533 §3: the utf-8 type only for an address that needs it (Postfix: "don't send utf-8 type with
            // a non-UTF8 address"), so ASCII recipients of an SMTPUTF8 message read the same as before.
            m.field("Final-Recipient", (isAscii(o.recipient()) ? "rfc822; " : "utf-8; ") + clean.apply(o.recipient()));
            m.field("Action", switch (o.result()) {
                case FAILED -> "failed";
                case DEFERRED -> "delayed";
                case DELIVERED -> "delivered";
            });
            m.field("Status", statusOf(o));
            if (o.remoteMta() != null) {
                m.field("Remote-MTA", "dns; " + ascii(o.remoteMta()));
            }
            if (o.replyCode() > 0) {
                m.field("Diagnostic-Code", "smtp; " + o.replyCode() + " " + clean.apply(o.diagnostic()));
            } else if (o.diagnostic() != null && !o.diagnostic().isBlank()) {
                // Not an SMTP reply (DNS failure, timeout): RFC 3464 §2.3.6 wants an "X-" diagnostic type.
                m.field("Diagnostic-Code", "X-mx20; " + clean.apply(o.diagnostic()));
            }
            if (o.attemptedAt() != null) {
                m.field("Last-Attempt-Date", date(o.attemptedAt()));
            }
            if (o.result() == RecipientOutcome.Result.DEFERRED && retryUntil != null) {
                m.field("Will-Retry-Until", date(retryUntil));
            }
        }
    }

    /** The ORCPT as RFC 3464 §2.3.1 shows it, US-ASCII (a utf-8 address stays in its \\x{...} xtext form). */
    private static String asciiOriginalRecipient(String orcptParameter) {
        String orcpt = Xtext.decode(orcptParameter);
        int semi = orcpt.indexOf(';');
        return semi > 0
                ? ascii(orcpt.substring(0, semi).trim()) + "; " + ascii(orcpt.substring(semi + 1).trim())
                : "rfc822; " + ascii(orcpt);
    }

    /**
     * The ORCPT in a global report: RFC 6533 §3 wants the utf-8-address form there, so the xtext escapes
     * (RFC 3461 §4) and the {@code \x{HEX}} escapes of utf-8-addr-xtext / utf-8-addr-unitext are undone, and a
     * non-ASCII address is typed {@code utf-8} whatever type the client gave.
     */
    private static String globalOriginalRecipient(String orcptParameter) {
        String orcpt = Xtext.decodeUtf8(orcptParameter);
        int semi = orcpt.indexOf(';');
        String type = semi > 0 ? orcpt.substring(0, semi).trim() : "rfc822";
        String address = semi > 0 ? orcpt.substring(semi + 1).trim() : orcpt;
        if (type.equalsIgnoreCase("utf-8")) {
            address = Xtext.decodeEmbeddedUnicode(address);
        }
        if (!isAscii(address)) {
            type = "utf-8";
        }
        return ascii(type) + "; " + utf8(address);
    }

    private void humanText(MessageText m, OutboundMessage original, List<Entry> entries, Dsn.Kind kind,
                           Instant retryUntil, java.util.function.UnaryOperator<String> clean) {
        String host = settings.myhostname();
        m.line("This is the mail system at host " + host + ".");
        m.line("");
        switch (kind) {
            case FAILED -> {
                m.wrapped("I'm sorry to have to inform you that your message could not be delivered to one or more "
                        + "recipients. It's attached below.");
                m.line("");
                m.wrapped("For further assistance, please send mail to postmaster. If you do so, please include "
                        + "this problem report. You can delete your own text from the attached returned message.");
            }
            case DELAYED -> m.wrapped("Your message could not be delivered yet to one or more recipients. The mail "
                    + "system will keep trying until " + date(retryUntil) + "; you do not need to resend it.");
            case DELIVERED -> m.wrapped("Your message was successfully delivered to the destination(s) listed "
                    + "below. If the message was delivered to a mailbox you will receive no further notifications.");
        }
        m.line("");
        m.line("                   The mail system");
        for (Entry e : entries) {
            RecipientOutcome o = e.outcome;
            m.line("");
            String what = switch (o.result()) {
                case DELIVERED -> "delivered";
                case DEFERRED -> "delayed";
                case FAILED -> "failed";
            };
            String why;
            if (o.replyCode() > 0) {
                why = "host " + (o.remoteMta() == null ? "?" : o.remoteMta())
                        + (o.remoteAddress() == null ? "" : "[" + o.remoteAddress() + "]") + " said: "
                        + o.replyCode() + " " + o.diagnostic();
            } else {
                why = o.diagnostic() == null ? "" : o.diagnostic();
            }
            m.wrapped("<" + clean.apply(o.recipient()) + ">: " + what + " (" + statusOf(o) + "): "
                    + clean.apply(why), "    ");
            Remedy.of(o, host).ifPresent(r -> m.wrapped("    What to do: " + clean.apply(r), "    "));
        }
    }

    private static String statusOf(RecipientOutcome o) {
        String s = o.status();
        if (s != null && s.matches("[245]\\.\\d{1,3}\\.\\d{1,3}")) {
            return s;
        }
        return switch (o.result()) {
            case DELIVERED -> "2.0.0";
            case DEFERRED -> "4.0.0";
            case FAILED -> "5.0.0";
        };
    }

    private String date(Instant instant) {
        return RFC5322.format(instant.atZone(settings.zone()));
    }

    /** The header block of the original message (up to the first empty line), bounded by the size limit. */
    private byte[] headerBlock(OutboundMessage original) throws IOException {
        int cap = Math.max(settings.returnedSizeLimit(), 8192);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(original.content())) {
            int b;
            boolean atLineStart = true;
            while ((b = in.read()) >= 0 && out.size() < cap) {
                if (atLineStart && (b == '\r' || b == '\n')) {
                    break; // the empty line that ends the header section
                }
                out.write(b);
                atLineStart = b == '\n';
            }
        }
        return out.toByteArray();
    }

    private static boolean hasEightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithCrlf(byte[] b) {
        return b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n';
    }

    /** Printable US-ASCII only, for header fields (RFC 3464 §2.1: the report is US-ASCII). */
    static String ascii(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == '\t' ? ' ' : c >= ' ' && c < 127 ? c : '?');
        }
        return sb.toString().strip();
    }

    /**
     * Printable text for the global form (RFC 6532 §3.2: UTF-8 allowed in field values): like {@link #ascii} but
     * keeps non-ASCII characters, except the C1 controls and the Unicode line and paragraph separators, which
     * could not be shown on one line; unpaired surrogates become {@code ?}.
     */
    static String utf8(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t') {
                sb.append(' ');
            } else if (c >= ' ' && c < 127) {
                sb.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (c >= 0xA0 && !Character.isSurrogate(c) && c != '\u2028' && c != '\u2029') {
                sb.append(c);
            } else {
                sb.append('?');
            }
        }
        return sb.toString().strip();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Accumulates CRLF-terminated lines; header fields are folded at spaces to stay under 78 columns. */
    private static final class MessageText {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void field(String name, String value) {
            foldInto(name + ": " + value, " ");
        }

        void wrapped(String paragraph) {
            foldInto(paragraph, "");
        }

        void wrapped(String paragraph, String indent) {
            foldInto(paragraph, indent);
        }

        /** RFC 5322 §2.2.3 folding: break before a space, continuation lines start with {@code indent}. */
        private void foldInto(String text, String indent) {
            String rest = text;
            boolean first = true;
            while (true) {
                String prefix = first ? "" : indent;
                int room = 76 - prefix.length();
                if (rest.length() <= room) {
                    line(prefix + rest);
                    return;
                }
                // RFC 5322 §2.1.1 / RFC 6532 §3.4: at most 998 octets per line; UTF-8 characters take up to 4.
                int max = charsWithin(rest, 980 - prefix.length());
                int cut = rest.lastIndexOf(' ', room);
                if (cut <= 0) {
                    cut = rest.indexOf(' ', room); // a long word: keep it whole (RFC 5322 allows up to 998)
                }
                if (cut <= 0 && rest.length() <= max) {
                    line(prefix + rest); // the last word, long but within the line limit
                    return;
                }
                if (cut <= 0 || cut > max) {
                    // A "word" too long for any line (hostile or broken reply): split it. This adds a space
                    // when unfolded, which is harmless in a diagnostic and keeps the message valid.
                    line(prefix + rest.substring(0, max));
                    rest = rest.substring(max);
                } else {
                    line(prefix + rest.substring(0, cut));
                    rest = rest.substring(cut + 1);
                }
                first = false;
            }
        }

        /** How many leading characters of {@code s} fit in {@code octets} UTF-8 octets (surrogate pairs kept whole). */
        private static int charsWithin(String s, int octets) {
            int used = 0;
            int i = 0;
            while (i < s.length()) {
                int cp = s.codePointAt(i);
                int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (used + len > octets) {
                    break;
                }
                used += len;
                i += Character.charCount(cp);
            }
            return i;
        }

        /** UTF-8: the same octets as US-ASCII for the RFC 3464 form, whose text {@link #ascii} has cleaned. */
        void line(String s) {
            raw(s.getBytes(StandardCharsets.UTF_8));
            raw(new byte[] {'\r', '\n'});
        }

        void raw(byte[] b) {
            out.write(b, 0, b.length);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
