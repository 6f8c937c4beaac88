package dev.mx20.dsn.parse;

import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The family readers with their own line logic (Bigfoot, SendGrid, BIGLOBE, X1, m-FILTER, Zoho, Verizon, dma, the
 * OpenSMTPD expiry correction, and the transcript and command readers Courier, InterScan, X3, X6 rely on) fed their own fixtures cut at every few
 * bytes and with the characters they key on ({@code < > : @ [ ]}, newlines) sprinkled at random. A family
 * failure would surface as an "internal error" warning; a recipient must stay on one line and not be blank.
 * It need not look like an address: a mangled or cut {@code Final-Recipient} field is reported as written
 * (RFC 3464 §2.3.2 allows other address types), which is the delivery-status reader's contract, not a family's.
 */
@Timeout(120)
class FamilyGarbageTest {
    private static final String[] FIXTURES = {
        "bigfoot/transcript-invalid-recipient.eml", "bigfoot/sender-refused-text-only.eml",
        "sendgrid/rcpt-user-unknown.eml", "biglobe/mailbox-full.eml", "x1/bracketed-reason.eml",
        "mfilter/server-message-data.eml", "mxlogic/permanent-recipient-rejected.eml",
        "verizon/vtext-no-such-user.eml", "courier/undeliverable-text.eml",
        "interscanmss/sent-received-transcript.eml", "x3/technical-details.eml", "x6/error-following-rcpt.eml",
        "zoho/error-code-lines.eml", "dragonfly/genuine-dma-user-unknown.eml",
        "opensmtpd/genuine-opensmtpd-ipv6-unreachable.eml", "courier/genuine-courier-ipv6-unreachable.eml",
        "haraka/genuine-haraka-user-unknown.eml", "haraka/genuine-haraka-mx-no-aaaa.eml",
        "nullmailer/genuine-nullmailer-user-unknown.eml",
        "exchange/exchange2016-it-two-recipients.eml", "exchange/office365-ja-textonly.eml",
        "mimecast/postmaster-delivery-failure.eml", "deutschetelekom/smail3-unknown-host.eml",
        "messagingserver/lhost-text-original-address-two.eml", "postfix/lhost-smtpd-errors-notice.eml",
        "sendmail/lhost-alias-to-program-mailer-error.eml", "mailmarshalsmtp/lhost-could-not-be-delivered-because.eml",
        "notes/lhost-japanese-recipient-from-returned.eml", "apachejames/lhost-error-message-below.eml",
        "exchange/lhost-exchange2003-two-recipients-smtp-form.eml", "kddi/lhost-not-delivered-within.eml",
        "groupwise/gwia-user-not-found.eml", "exim/lhost7-frozen-notice.eml", "exim/lhost7-router-error-notice.eml",
        "x2/lhost7-two-recipients.eml", "kddi/lhost7-spasign-ng.eml", "amazonses/lhost7-sns-folded-lines.eml",
    };
    private static final byte[] KEY_CHARS = "<>:@[]\n -()\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ReportParser parser = new ReportParser(DsnLimits.DEFAULT);

    @TestFactory
    Stream<DynamicTest> truncatedAndMangledFixturesStillYieldReports() {
        return Arrays.stream(FIXTURES).map(f -> DynamicTest.dynamicTest(f, () -> hammer(f)));
    }

    private void hammer(String fixture) throws Exception {
        byte[] full;
        try (InputStream in = FamilyGarbageTest.class.getResourceAsStream("/fixtures/" + fixture)) {
            assertNotNull(in, fixture);
            full = in.readAllBytes();
        }
        for (int cut = 0; cut <= full.length; cut += 5) {
            check(Arrays.copyOf(full, cut));
        }
        Random random = new Random(fixture.hashCode());
        for (int round = 0; round < 200; round++) {
            byte[] b = full.clone();
            int edits = 1 + random.nextInt(40);
            for (int i = 0; i < edits; i++) {
                b[random.nextInt(b.length)] = KEY_CHARS[random.nextInt(KEY_CHARS.length)];
            }
            check(b);
        }
    }

    private void check(byte[] message) throws Exception {
        BounceReport r = parser.parse(new ByteArrayInputStream(message));
        assertTrue(r.warnings().stream().noneMatch(w -> w.startsWith("internal error")), r.warnings()::toString);
        for (RecipientReport rr : r.recipients()) {
            String a = rr.finalRecipient();
            assertTrue(a == null || !a.isBlank() && a.indexOf('\n') < 0 && a.indexOf('\r') < 0 && a.length() < 1000,
                    rr::toString);
        }
    }
}
