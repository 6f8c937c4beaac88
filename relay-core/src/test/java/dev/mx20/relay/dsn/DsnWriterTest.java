package dev.mx20.relay.dsn;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;
import dev.mx20.relay.delivery.OutboundMessage;
import dev.mx20.relay.delivery.OutboundRecipient;
import dev.mx20.relay.delivery.OutboundRecipient.Notify;
import dev.mx20.relay.delivery.RecipientOutcome;
import dev.mx20.relay.delivery.RecipientOutcome.Result;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.mx20.relay.dsn.DsnTestOutcomes.deferred;
import static dev.mx20.relay.dsn.DsnTestOutcomes.failed550;
import static dev.mx20.relay.dsn.DsnTestOutcomes.rcpt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DsnWriterTest {
    private static final Instant ARRIVAL = Instant.parse("2026-11-21T10:15:30Z");
    private static final Instant ATTEMPT = DsnTestOutcomes.ATTEMPT;
    private static final String ORIGINAL = """
            Received: from sender.example ([192.0.2.7]) by relay.example.com\r
            Message-ID: <orig-1@sender.example>\r
            From: Alice <alice@sender.example>\r
            To: bob@v6only.example.com\r
            Subject: quarterly numbers\r
            Date: Sat, 21 Nov 2026 10:15:00 +0000\r
            \r
            The body of the original message.\r
            .a line that starts with a dot\r
            """;

    @TempDir
    Path dir;

    private final DsnWriter writer = new DsnWriter(DsnSettings.of("relay.example.com"),
            Clock.fixed(Instant.parse("2026-11-21T10:20:05Z"), ZoneOffset.UTC));

    private OutboundMessage original(String sender, OutboundMessage.Ret ret, String body,
                                     OutboundRecipient... rcpts) throws IOException {
        Path file = Files.createTempFile(dir, "orig", ".eml");
        Files.write(file, body.getBytes(StandardCharsets.UTF_8));
        return new OutboundMessage("4AB12C", sender, List.of(rcpts), "ev+2Bid-42", ret, file, ARRIVAL, false);
    }


    private static RecipientOutcome delivered(String rcpt) {
        return new RecipientOutcome(rcpt, Result.DELIVERED, "2.0.0", 250, "2.0.0 Ok: queued as 9F3A1",
                "primary.v6only.example.com", "2001:db8::1", ATTEMPT);
    }

    private static Message parse(byte[] bytes) throws IOException {
        return new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(bytes));
    }

    private static String bodyText(Entity e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = ((SingleBody) e.getBody()).getInputStream()) {
            in.transferTo(out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String unfold(String s) {
        return s.replace("\r\n ", " ").replace("\r\n\t", " ");
    }

    @Test
    void failureDsnHasTheRfc3464Shape() throws Exception {
        OutboundMessage m = original("alice@sender.example", null, ORIGINAL,
                rcpt("bob@v6only.example.com", "rfc822;bob+2Bx@v6only.example.com"));
        Dsn dsn = writer.write(m, List.of(failed550("bob@v6only.example.com")), null).orElseThrow();
        assertEquals("alice@sender.example", dsn.recipient());
        assertEquals(Dsn.Kind.FAILED, dsn.kind());
        assertEquals(List.of("bob@v6only.example.com"), dsn.reported());
        assertFalse(dsn.eightBit());

        Message msg = parse(dsn.message());
        assertEquals("MAILER-DAEMON@relay.example.com (Mail Delivery System)",
                msg.getHeader().getField("From").getBody());
        assertEquals("<alice@sender.example>", msg.getHeader().getField("To").getBody());
        assertEquals("Undelivered Mail Returned to Sender", msg.getSubject());
        assertEquals("auto-replied", msg.getHeader().getField("Auto-Submitted").getBody());
        assertEquals("Sat, 21 Nov 2026 10:20:05 +0000", msg.getHeader().getField("Date").getBody());
        assertTrue(msg.getMessageId().endsWith("@relay.example.com>"));
        assertEquals("multipart/report", msg.getMimeType());
        ContentTypeField ct = (ContentTypeField) msg.getHeader().getField("Content-Type");
        assertEquals("delivery-status", ct.getParameter("report-type"));

        List<Entity> parts = ((Multipart) msg.getBody()).getBodyParts();
        assertEquals(3, parts.size());
        assertEquals("text/plain", parts.get(0).getMimeType());
        assertEquals("message/delivery-status", parts.get(1).getMimeType());
        assertEquals("text/rfc822-headers", parts.get(2).getMimeType(), "default RET returns headers (RFC 3461 §4.3)");

        String human = bodyText(parts.get(0)).replaceAll("\\s+", " ");
        assertTrue(human.contains("<bob@v6only.example.com>: failed (5.1.1): host primary.v6only.example.com"
                + "[2001:db8::1] said: 550 5.1.1"), human);
        assertTrue(human.contains("What to do: "), "classifier remedy line: " + human);

        String status = unfold(bodyText(parts.get(1)));
        String[] blocks = status.split("\r\n\r\n");
        assertEquals("""
                Reporting-MTA: dns; relay.example.com\r
                Original-Envelope-Id: ev+id-42\r
                X-Mx20-Queue-ID: 4AB12C\r
                Arrival-Date: Sat, 21 Nov 2026 10:15:30 +0000""", blocks[0]);
        assertEquals("""
                Original-Recipient: rfc822; bob+x@v6only.example.com\r
                Final-Recipient: rfc822; bob@v6only.example.com\r
                Action: failed\r
                Status: 5.1.1\r
                Remote-MTA: dns; primary.v6only.example.com\r
                Diagnostic-Code: smtp; 550 5.1.1 <bob@v6only.example.com>: Recipient address rejected: User unknown in virtual mailbox table\r
                Last-Attempt-Date: Sat, 21 Nov 2026 10:20:00 +0000""", blocks[1].strip());

        String headers = bodyText(parts.get(2));
        assertTrue(headers.contains("Subject: quarterly numbers\r\n"));
        assertTrue(headers.contains("Message-ID: <orig-1@sender.example>"));
        assertFalse(headers.contains("The body of the original message"));
    }

    @Test
    void retFullReturnsTheWholeMessageUpToTheSizeLimit() throws Exception {
        OutboundMessage m = original("alice@sender.example", OutboundMessage.Ret.FULL, ORIGINAL,
                rcpt("bob@v6only.example.com", null));
        Message msg = parse(writer.write(m, List.of(failed550("bob@v6only.example.com")), null)
                .orElseThrow().message());
        Entity third = ((Multipart) msg.getBody()).getBodyParts().get(2);
        assertEquals("message/rfc822", third.getMimeType());
        Message returned = (Message) third.getBody();
        assertEquals("quarterly numbers", returned.getSubject());
        assertTrue(bodyText(returned).contains(".a line that starts with a dot"));

        DsnWriter small = new DsnWriter(new DsnSettings("relay.example.com", 100, ZoneOffset.UTC));
        Message cut = parse(small.write(m, List.of(failed550("bob@v6only.example.com")), null)
                .orElseThrow().message());
        assertEquals("text/rfc822-headers", ((Multipart) cut.getBody()).getBodyParts().get(2).getMimeType(),
                "over bounce_size_limit only the headers come back");
    }

    @Test
    void eightBitOriginalIsDeclared() throws Exception {
        OutboundMessage m = original("alice@sender.example", OutboundMessage.Ret.FULL,
                "Subject: caf\u00e9\r\n\r\nna\u00efve\r\n", rcpt("bob@v6only.example.com", null));
        Dsn dsn = writer.write(m, List.of(failed550("bob@v6only.example.com")), null).orElseThrow();
        assertTrue(dsn.eightBit(), "must be queued with BODY=8BITMIME");
        String raw = new String(dsn.message(), StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n"), raw);
    }

    @Test
    void nothingForTheNullSenderOrNotifyNeverOrUnwantedActions() throws Exception {
        OutboundMessage bounce = original("", null, ORIGINAL, rcpt("bob@v6only.example.com", null));
        assertEquals(Optional.empty(), writer.write(bounce, List.of(failed550("bob@v6only.example.com")), null));

        OutboundMessage never = original("a@sender.example", null, ORIGINAL,
                rcpt("bob@v6only.example.com", null, Notify.NEVER));
        assertEquals(Optional.empty(), writer.write(never, List.of(failed550("bob@v6only.example.com")), null));

        OutboundMessage successOnly = original("a@sender.example", null, ORIGINAL,
                rcpt("bob@v6only.example.com", null, Notify.SUCCESS));
        assertEquals(Optional.empty(), writer.write(successOnly, List.of(failed550("bob@v6only.example.com")), null));

        OutboundMessage plain = original("a@sender.example", null, ORIGINAL, rcpt("bob@v6only.example.com", null));
        assertEquals(Optional.empty(), writer.write(plain, List.of(delivered("bob@v6only.example.com")), null),
                "no success DSN without NOTIFY=SUCCESS");
        assertEquals(Optional.empty(), writer.write(plain, List.of(deferred("bob@v6only.example.com")), null),
                "no delay DSN unless asked for");
    }

    @Test
    void onlyTheRecipientsThatAskedAreReported() throws Exception {
        OutboundMessage m = original("a@sender.example", null, ORIGINAL,
                rcpt("one@v6only.example.com", null),
                rcpt("two@v6only.example.com", null, Notify.NEVER),
                rcpt("three@v6only.example.com", null, Notify.SUCCESS, Notify.FAILURE));
        Dsn dsn = writer.write(m, List.of(failed550("one@v6only.example.com"), failed550("two@v6only.example.com"),
                delivered("three@v6only.example.com")), null).orElseThrow();
        assertEquals(List.of("one@v6only.example.com", "three@v6only.example.com"), dsn.reported());
        assertEquals(Dsn.Kind.FAILED, dsn.kind());
    }

    @Test
    void delayWarningCarriesWillRetryUntil() throws Exception {
        OutboundMessage m = original("a@sender.example", null, ORIGINAL, rcpt("bob@v6only.example.com", null));
        Dsn dsn = writer.write(m, List.of(deferred("bob@v6only.example.com")),
                Instant.parse("2026-11-26T10:15:30Z")).orElseThrow();
        assertEquals(Dsn.Kind.DELAYED, dsn.kind());
        String raw = unfold(new String(dsn.message(), StandardCharsets.US_ASCII));
        assertTrue(raw.contains("Subject: Delayed Mail (still being retried)"));
        assertTrue(raw.contains("Action: delayed\r\nStatus: 4.4.1\r\n"));
        assertTrue(raw.contains("Diagnostic-Code: X-mx20; connect to primary.v6only.example.com[2001:db8::1]:25: "
                + "Connection refused"), raw);
        assertTrue(raw.contains("Will-Retry-Until: Thu, 26 Nov 2026 10:15:30 +0000"));
        assertFalse(raw.contains("Remote-MTA"), "no MTA answered");
    }

    @Test
    void wireFormatIsStrict() throws Exception {
        String hostile = "5.1.1 " + "very-long-word-".repeat(90) + " \u00fcml\u00e4ut\u0000\ttab\r\ninjected: header";
        OutboundMessage m = original("alice@sender.example", null, ORIGINAL, rcpt("bob@v6only.example.com", null));
        RecipientOutcome o = new RecipientOutcome("bob@v6only.example.com", Result.FAILED, "not-a-status", 550,
                hostile, "mx.example", null, ATTEMPT);
        byte[] bytes = writer.write(m, List.of(o), null).orElseThrow().message();
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertTrue(i > 0 && bytes[i - 1] == '\r', "bare LF at " + i);
                assertTrue(i - lineStart <= 998, "line longer than 998 octets at " + i);
                lineStart = i + 1;
            } else if (bytes[i] == '\r') {
                assertTrue(i + 1 < bytes.length && bytes[i + 1] == '\n', "bare CR at " + i);
            } else {
                assertTrue(bytes[i] > 0 && bytes[i] < 127, "non-ASCII octet at " + i);
            }
        }
        assertFalse(raw.contains("\r\ninjected: header"), "a CRLF in a reply must not forge a field");
        assertTrue(raw.contains("Status: 5.0.0\r\n"), "an invalid status falls back to the result class");
    }

    // ---- dsn-core reads the relay's DSNs back: what the relay writes, BounceAnalyzer understands ------------

    @Test
    void bounceAnalyzerReadsTheFailureDsn() throws Exception {
        OutboundMessage m = original("alice@sender.example", OutboundMessage.Ret.FULL, ORIGINAL,
                rcpt("bob@v6only.example.com", "rfc822;bob@v6only.example.com"));
        BounceReport r = BounceAnalyzer.create().analyze(
                writer.write(m, List.of(failed550("bob@v6only.example.com")), null).orElseThrow().message());
        assertEquals(ReportKind.DSN, r.kind());
        assertEquals("relay.example.com", r.reportingMta());
        assertEquals("ev+id-42", r.originalEnvelopeId());
        assertEquals("quarterly numbers", r.original().subject());
        assertEquals("<orig-1@sender.example>", r.original().messageId());
        assertEquals(1, r.recipients().size());
        RecipientReport rr = r.recipients().get(0);
        assertEquals("bob@v6only.example.com", rr.finalRecipient());
        assertEquals("bob@v6only.example.com", rr.originalRecipient());
        assertEquals(Action.FAILED, rr.action());
        assertEquals("5.1.1", rr.status());
        assertEquals("primary.v6only.example.com", rr.remoteMta());
        assertEquals(550, rr.diagnostic().replyCode());
        assertEquals("user-unknown", rr.classification().cause());
    }

    @Test
    void bounceAnalyzerReadsDelayAndSuccessDsns() throws Exception {
        OutboundMessage m = original("alice@sender.example", null, ORIGINAL,
                rcpt("bob@v6only.example.com", null, Notify.SUCCESS, Notify.DELAY));
        BounceReport delay = BounceAnalyzer.create().analyze(writer.write(m,
                List.of(deferred("bob@v6only.example.com")), Instant.parse("2026-11-26T10:15:30Z"))
                .orElseThrow().message());
        assertEquals(ReportKind.DELAY, delay.kind());
        assertEquals(Action.DELAYED, delay.recipients().get(0).action());
        assertEquals("4.4.1", delay.recipients().get(0).status());
        assertNotNull(delay.recipients().get(0).willRetryUntil());

        BounceReport ok = BounceAnalyzer.create().analyze(writer.write(m,
                List.of(delivered("bob@v6only.example.com")), null).orElseThrow().message());
        assertEquals(ReportKind.DELIVERED, ok.kind());
        assertEquals(Action.DELIVERED, ok.recipients().get(0).action());
    }

    // ---- RFC 6533: DSNs about SMTPUTF8 mail ------------------------------------------------------------------

    private static final String YONGHU = "\u7528\u6237@v6only.example.com"; // 用户
    private static final String UTF8_ORIGINAL = """
            Message-ID: <utf8-1@xn--bcher-kva.example>\r
            From: J\u00fcrgen <j\u00fcrgen@xn--bcher-kva.example>\r
            To: \u7528\u6237@v6only.example.com\r
            Subject: Gr\u00fc\u00dfe, \u4f60\u597d\r
            \r
            Viele Gr\u00fc\u00dfe.\r
            """;

    private OutboundMessage utf8Original(OutboundMessage.Ret ret, boolean smtpUtf8, OutboundRecipient... rcpts)
            throws IOException {
        Path file = Files.createTempFile(dir, "orig", ".eml");
        Files.write(file, UTF8_ORIGINAL.getBytes(StandardCharsets.UTF_8));
        return new OutboundMessage("4AB12D", "j\u00fcrgen@xn--bcher-kva.example", List.of(rcpts), null, ret, file,
                ARRIVAL, true, smtpUtf8);
    }

    @Test
    void smtputf8MailGetsTheGlobalFormAndIsQueuedAsSmtputf8() throws Exception {
        Dsn dsn = writer.write(utf8Original(null, true, rcpt(YONGHU, "utf-8;" + YONGHU)),
                List.of(failed550(YONGHU)), null).orElseThrow();
        assertTrue(dsn.smtpUtf8(), "RFC 6533 §4: the DSN travels with SMTPUTF8");
        assertTrue(dsn.eightBit());
        Message msg = parse(dsn.message());
        ContentTypeField ct = (ContentTypeField) msg.getHeader().getField("Content-Type");
        assertEquals("global-delivery-status", ct.getParameter("report-type"));
        List<Entity> parts = ((Multipart) msg.getBody()).getBodyParts();
        assertEquals("message/global-delivery-status", parts.get(1).getMimeType());
        assertEquals("message/global-headers", parts.get(2).getMimeType());
        String status = bodyText(parts.get(1));
        assertTrue(status.contains("Final-Recipient: utf-8; " + YONGHU + "\r\n"), status);
        assertTrue(status.contains("Original-Recipient: utf-8; " + YONGHU + "\r\n"), status);
        assertTrue(bodyText(parts.get(0)).contains("<" + YONGHU + ">: failed"), "no '?' for UTF-8 any more");
    }

    @Test
    void utf8EnvelopeWithoutTheFlagIsGlobalTooAndAsciiMailIsNot() throws Exception {
        Dsn api = writer.write(utf8Original(null, false, rcpt(YONGHU, null)), List.of(failed550(YONGHU)), null)
                .orElseThrow();
        assertTrue(api.smtpUtf8(), "a UTF-8 address cannot be reported in RFC 3464");
        OutboundMessage plain = original("alice@sender.example", null, ORIGINAL, rcpt("bob@v6only.example.com", null));
        Dsn ascii = writer.write(plain, List.of(failed550("bob@v6only.example.com")), null).orElseThrow();
        assertFalse(ascii.smtpUtf8());
        assertFalse(new String(ascii.message(), StandardCharsets.US_ASCII).contains("global"));
    }

    @Test
    void orcptEscapesAreUndoneInTheGlobalFormAndKeptInTheAsciiForm() throws Exception {
        // RFC 6533 §3 utf-8-addr-xtext (\x{HEX}) inside RFC 3461 xtext (+XX), and a mistyped rfc822 UTF-8 ORCPT.
        OutboundRecipient escaped = rcpt(YONGHU, "utf-8;\\x{7528}\\x{6237}+40v6only.example.com");
        OutboundRecipient mistyped = rcpt("bob@v6only.example.com", "rfc822;b+C3+B6b@v6only.example.com");
        String status = statusPart(writer.write(utf8Original(null, true, escaped, mistyped),
                List.of(failed550(YONGHU), failed550("bob@v6only.example.com")), null).orElseThrow());
        assertTrue(status.contains("Original-Recipient: utf-8; " + YONGHU + "\r\n"), status);
        assertTrue(status.contains("Original-Recipient: utf-8; b\u00f6b@v6only.example.com\r\n"), status);
        assertTrue(status.contains("Final-Recipient: rfc822; bob@v6only.example.com\r\n"),
                "utf-8 type only where the address needs it: " + status);

        OutboundMessage legacy = original("alice@sender.example", null, ORIGINAL,
                rcpt("bob@v6only.example.com", "utf-8;\\x{7528}@v6only.example.com"));
        String ascii = statusPart(writer.write(legacy, List.of(failed550("bob@v6only.example.com")), null)
                .orElseThrow());
        assertTrue(ascii.contains("Original-Recipient: utf-8; \\x{7528}@v6only.example.com\r\n"),
                "RFC 6533 §3: utf-8-addr-xtext in a message/delivery-status: " + ascii);
    }

    /** Octets per line (RFC 5322 §2.1.1: 998 at most, CRLF excluded), and every line CRLF-terminated. */
    private static void assertLinesWithinLimit(byte[] bytes) {
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertTrue(i > 0 && bytes[i - 1] == '\r', "bare LF at " + i);
                assertTrue(i - 1 - lineStart <= 998, "line of " + (i - 1 - lineStart) + " octets at " + i);
                lineStart = i + 1;
            }
        }
    }

    @Test
    void aLongLastWordIsKeptWholeAndLongUtf8WordsAreSplitByOctets() throws Exception {
        // A reply whose last token (an address) is longer than a line but far below 998 octets: no space to
        // fold at after it. This used to throw StringIndexOutOfBoundsException, which the queue retried forever.
        String address = "a".repeat(120) + "@v6only.example.com";
        RecipientOutcome o = new RecipientOutcome("bob@v6only.example.com", Result.FAILED, "5.1.1", 550,
                "5.1.1 <" + address + ">", "mx.example", null, ATTEMPT);
        OutboundMessage m = original("alice@sender.example", null, ORIGINAL, rcpt("bob@v6only.example.com", null));
        String raw = new String(writer.write(m, List.of(o), null).orElseThrow().message(), StandardCharsets.US_ASCII);
        assertTrue(raw.contains("\r\n <" + address + ">\r\n"), raw);

        // In the global form a "word" of 3-octet characters must be split by octets, not by characters.
        String cjk = "\u4e2d".repeat(2000); // 中
        RecipientOutcome u = new RecipientOutcome(YONGHU, Result.FAILED, "5.1.1", 550, "5.1.1 " + cjk, "mx.example",
                null, ATTEMPT);
        byte[] bytes = writer.write(utf8Original(null, true, rcpt(YONGHU, null)), List.of(u), null).orElseThrow()
                .message();
        assertLinesWithinLimit(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(2000 * 2, text.chars().filter(c -> c == 0x4e2d).count(), "nothing lost (text and report)");
    }

    /** Random junk in every field a server or client controls: never an exception, always a well-formed message. */
    @Test
    void garbageInEveryFieldNeverBreaksTheWriter() throws Exception {
        java.util.Random random = new java.util.Random(6533);
        String[] pieces = {" ", "  ", "\t", "\r\n", "\n", "\r", "\u0000", "\u0085", "\u2028", "\ud800", "\udc00",
                "\ud83d\ude00", "\u00fc", "\u7528", "+", "+4", "+41", "\\x{", "\\x{41}", "\\x{d800}", "\\x{110000}",
                ";", "utf-8;", "rfc822;", "<", ">", "@", "a", "word", "x".repeat(300), "\u4e2d".repeat(400)};
        for (int i = 0; i < 300; i++) {
            java.util.function.Supplier<String> junk = () -> {
                StringBuilder sb = new StringBuilder();
                for (int n = random.nextInt(12); n > 0; n--) {
                    sb.append(pieces[random.nextInt(pieces.length)]);
                }
                return sb.toString();
            };
            String rcptAddress = junk.get();
            OutboundRecipient r = new OutboundRecipient(rcptAddress, random.nextBoolean() ? junk.get() : null,
                    Set.of());
            Path file = Files.createTempFile(dir, "junk", ".eml");
            Files.write(file, (junk.get() + "\r\n\r\n" + junk.get()).getBytes(StandardCharsets.UTF_8));
            OutboundMessage m = new OutboundMessage("Q" + i, "s" + junk.get() + "@example.org", List.of(r),
                    random.nextBoolean() ? junk.get() : null, random.nextBoolean() ? OutboundMessage.Ret.FULL : null,
                    file, ARRIVAL, random.nextBoolean(), random.nextBoolean());
            Result result = Result.values()[random.nextInt(3)];
            RecipientOutcome o = new RecipientOutcome(rcptAddress, result, junk.get(), random.nextInt(600),
                    junk.get(), random.nextBoolean() ? junk.get() : null, random.nextBoolean() ? junk.get() : null,
                    ATTEMPT);
            Optional<Dsn> dsn = writer.write(m, List.of(o), Instant.parse("2026-11-26T10:15:30Z"));
            assertTrue(dsn.isPresent() || result == Result.DELIVERED, "case " + i);
            if (dsn.isPresent()) {
                byte[] bytes = dsn.get().message();
                // What the writer wrote itself: everything before the returned original (whose lines are the
                // original's business; the junk here has lines far over 998 octets).
                int returned = new String(bytes, StandardCharsets.ISO_8859_1).lastIndexOf("Content-Description: ");
                byte[] own = java.util.Arrays.copyOf(bytes, returned);
                assertLinesWithinLimit(own);
                if (!dsn.get().smtpUtf8()) {
                    for (byte b : own) {
                        assertTrue(b > 0, "the RFC 3464 form is US-ASCII, case " + i);
                    }
                }
                assertNotNull(BounceAnalyzer.create().analyze(bytes));
                assertNotNull(parse(bytes));
            }
        }
    }

    @Test
    void globalFormKeepsControlsOut() throws Exception {
        String hostile = "5.1.1 \u7528\u6237 \u0085next\u2028line\u0000\r\ninjected: header \ud800 end";
        RecipientOutcome o = new RecipientOutcome(YONGHU, Result.FAILED, "5.1.1", 550, hostile, "mx.example", null,
                ATTEMPT);
        byte[] bytes = writer.write(utf8Original(null, true, rcpt(YONGHU, null)), List.of(o), null).orElseThrow()
                .message();
        String raw = new String(bytes, StandardCharsets.UTF_8);
        assertFalse(raw.contains("\r\ninjected: header"), "a CRLF in a reply must not forge a field");
        assertFalse(raw.contains("\u0085") || raw.contains("\u2028") || raw.contains("\u0000"), raw);
        assertTrue(raw.contains("550 5.1.1 \u7528\u6237 ?next?line??"), raw);
        assertEquals(raw, new String(raw.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertTrue(i > 0 && bytes[i - 1] == '\r', "bare LF at " + i);
            }
        }
    }

    @Test
    void bounceAnalyzerReadsTheGlobalFailureDsn() throws Exception {
        OutboundMessage m = utf8Original(OutboundMessage.Ret.FULL, true, rcpt(YONGHU, "utf-8;" + YONGHU),
                rcpt("bob@v6only.example.com", null));
        Dsn dsn = writer.write(m, List.of(failed550(YONGHU), failed550("bob@v6only.example.com")), null)
                .orElseThrow();
        BounceReport r = BounceAnalyzer.create().analyze(dsn.message());
        assertEquals(ReportKind.DSN, r.kind());
        assertEquals("relay.example.com", r.reportingMta());
        assertEquals("Gr\u00fc\u00dfe, \u4f60\u597d", r.original().subject());
        assertEquals("<utf8-1@xn--bcher-kva.example>", r.original().messageId());
        assertEquals(2, r.recipients().size());
        RecipientReport rr = r.recipients().get(0);
        assertEquals(YONGHU, rr.finalRecipient());
        assertEquals(YONGHU, rr.originalRecipient());
        assertEquals(Action.FAILED, rr.action());
        assertEquals("5.1.1", rr.status());
        assertEquals("primary.v6only.example.com", rr.remoteMta());
        assertEquals(550, rr.diagnostic().replyCode());
        assertTrue(rr.diagnostic().text().contains("<" + YONGHU + ">"), rr.diagnostic().text());
        assertEquals("user-unknown", rr.classification().cause());
        assertEquals("bob@v6only.example.com", r.recipients().get(1).finalRecipient());
    }

    @Test
    void bounceAnalyzerReadsTheGlobalDelayNotice() throws Exception {
        Dsn dsn = writer.write(utf8Original(null, true, rcpt(YONGHU, null)), List.of(deferred(YONGHU)),
                Instant.parse("2026-11-26T10:15:30Z")).orElseThrow();
        assertEquals(Dsn.Kind.DELAYED, dsn.kind());
        assertTrue(dsn.smtpUtf8());
        BounceReport r = BounceAnalyzer.create().analyze(dsn.message());
        assertEquals(ReportKind.DELAY, r.kind());
        RecipientReport rr = r.recipients().get(0);
        assertEquals(YONGHU, rr.finalRecipient());
        assertEquals(Action.DELAYED, rr.action());
        assertEquals("4.4.1", rr.status());
        assertNotNull(rr.willRetryUntil());
    }

    private static String statusPart(Dsn dsn) throws IOException {
        return unfold(bodyText(((Multipart) parse(dsn.message()).getBody()).getBodyParts().get(1)));
    }
}
