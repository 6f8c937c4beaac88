package dev.mx20.dsn.classify;

import dev.mx20.dsn.BounceAnalyzer;
import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Diagnostic;
import dev.mx20.dsn.model.Field;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The SMTP stage and the reporting system's own verdicts, end to end: the parser carries the refused command
 * from where the report states it (Postfix's text part, a transcript's "&gt;&gt;&gt; RCPT TO" line) and the
 * classifier reads "user unknown" as a missing mailbox at RCPT TO, as the recipient's filter otherwise.
 */
class StageAndVerdictTest {

    private static BounceReport analyze(String fixture) throws Exception {
        try (InputStream in = StageAndVerdictTest.class.getResourceAsStream("/fixtures/" + fixture)) {
            assertNotNull(in, fixture);
            return BounceAnalyzer.create().analyze(in);
        }
    }

    private static String command(RecipientReport r) {
        return r.extensionFields().stream().filter(f -> f.name().equals(SmtpCommand.FIELD)).map(Field::value)
                .findFirst().orElse(null);
    }

    @Test
    void postfixStageFromTheTextPartDecidesUserUnknownVersusFiltered() throws Exception {
        BounceReport r = analyze("postfix/dsn-stage-only-in-text.eml");
        assertEquals("RCPT", command(r.recipients().get(0)));
        assertEquals("user-unknown", r.recipients().get(0).classification().cause());
        assertEquals("DATA", command(r.recipients().get(1)));
        assertEquals("recipient-filtered", r.recipients().get(1).classification().cause());
    }

    @Test
    void sendmailTranscriptCommandBelongsToTheNextFailedRecipientOnly() throws Exception {
        BounceReport r = analyze("sendmail/v5-transcript-three-recipients.eml");
        assertEquals("MAIL", command(r.recipients().get(0)));
        assertEquals(null, command(r.recipients().get(1)), "the MAIL FROM line was used by the first recipient");
        assertEquals("RCPT", command(r.recipients().get(2)));
        assertEquals("user-unknown", r.recipients().get(2).classification().cause());
    }

    @Test
    void carrierTranscriptRcptLineMakesUserUnknown() throws Exception {
        BounceReport r = analyze("kddi/rejected-by-remote-transcript.eml");
        assertEquals("RCPT", command(r.recipients().get(0)));
        assertEquals("user-unknown", r.recipients().get(0).classification().cause());
    }

    private static String classify(String format, String status, String text, List<Field> fields) {
        RecipientReport r = new RecipientReport("bob@example.org", null, Action.FAILED, status, null,
                new Diagnostic("smtp", text, null), null, null, null, fields, null);
        BounceReport report = new BounceReport(ReportKind.DSN, format, null, null, null, null, null, null, null,
                List.of(r), null);
        return new Classifier().classify(report, r).cause();
    }

    @Test
    void powerMtaBounceCategoryOutranksTheQuotedWording() {
        String text = "550 5.2.1 <bob@example.org>... User Unknown";
        assertEquals("user-unknown", classify("powermta", "5.2.1", text,
                List.of(new Field("X-PowerMTA-BounceCategory", "bad-mailbox"))));
        assertEquals("mailbox-full", classify("powermta", "5.2.1", text,
                List.of(new Field("X-PowerMTA-BounceCategory", "quota-issues"))));
        // "other" names no single cause: the text and status decide
        assertEquals("recipient-filtered", classify("powermta", "5.2.1", text,
                List.of(new Field("X-PowerMTA-BounceCategory", "other"))));
    }

    @Test
    void exchangeQuotesTheRemoteAnswerToRcptWhenItNamesTheAddress() {
        assertEquals("user-unknown", classify("office365", "5.1.351", "550 5.1.351 Remote server returned unknown "
                + "recipient or mailbox unavailable -> 550 Unknown user bob@example.org", List.of()));
        assertEquals("recipient-filtered", classify("office365", "5.1.351", "550 5.1.351 Remote server returned "
                + "unknown recipient or mailbox unavailable -> 550 : User unknown", List.of()));
    }

    @Test
    void providerCodesNameTheMissingMailboxWhateverTheStatus() {
        assertEquals("user-unknown", classify("office365", "5.1.10", "Remote Server returned '550 5.1.10 "
                + "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'", List.of()));
        assertEquals("user-unknown", classify("exchange2003", null, "MSEXCH:IMS:EXAMPLE:SITE:GW01 0 (000C05A6) "
                + "Unknown Recipient", List.of()));
        assertEquals("user-unknown", classify("sendmail", "5.0.0", "(reason: 554 delivery error: dd This user "
                + "doesn't have a yahoo.com account (bob@yahoo.com) [0] - mta7.am0.yahoodns.example)", List.of()));
        // without Exchange's IMS code the same Exchange 2003 words are a quoted remote verdict without stage
        assertEquals("recipient-filtered", classify("exchange2003", null, "Recipient Not Found "
                + "MSEXCH:IMC:EXAMPLE:SITE:GW01", List.of()));
    }

    @Test
    void docomoRefusingAfterDataWithABareStatusRefusesTheSender() {
        String text = "host mfsmax.docomo.ne.jp[192.0.2.30] said: 550 Unknown user bob@docomo.example "
                + "(in reply to end of DATA command)";
        assertEquals("sender-rejected", classify("postfix", "5.0.0", text, List.of()));
        assertEquals("recipient-filtered", classify("postfix", "5.2.0", text, List.of()));
        // another host's "unknown user" after DATA is the recipient's filter
        assertEquals("recipient-filtered", classify("postfix", "5.0.0",
                text.replace("mfsmax.docomo.ne.jp", "mx.example.org"), List.of()));
    }

    @Test
    void qmailRemoteWordingNamesTheStage() {
        assertEquals("user-unknown", classify("qmail", null, "192.0.2.20 does not like recipient. Remote host said: "
                + "550 Unknown user bob@example.org Giving up on 192.0.2.20.", List.of()));
        assertEquals("recipient-filtered", classify("qmail", null, "192.0.2.20 failed after I sent the message. "
                + "Remote host said: 550 Unknown user bob@example.org", List.of()));
    }

    @Test
    void amazonSesStatusNameIsNotTheRemoteWording() {
        // "Unknown address error" is SES's name for 5.1.0; the remote server said "Access denied" under 5.7.1
        RecipientReport r = new RecipientReport("bob@example.org", null, Action.FAILED, "5.7.1", null,
                new Diagnostic("smtp", "5.1.0 - Unknown address error 550-'5.7.1 <bounce@example.com>... Access "
                        + "denied' (delivery attempts: 0)", null), null, null, null, List.of(), null);
        BounceReport report = new BounceReport(ReportKind.DSN, "amazonses", null, null, null, null, null, null,
                null, List.of(r), null);
        assertEquals("securityerror", new Classifier().classify(report, r).category().id());
        assertEquals("x", TextNormalizer.withoutSesStatusGloss("x"));
        assertEquals("550-'unknown user bob@example.org'", TextNormalizer.withoutSesStatusGloss(
                "5.3.0 - other mail system problem 550-'unknown user bob@example.org'"));
    }

    @Test
    void qmailRemoteStepWordingDecidesRefusalsBeforeRcpt() {
        String atMail = "Connected to 192.0.2.20 but sender was rejected. Remote host said: 553 5.7.1 Client host "
                + "blocked using a DNS block list";
        assertEquals("sender-rejected", classify("qmail", null, atMail, List.of()));
        assertEquals("client-blocked", classify("qmail", null, "Connected to 192.0.2.20 but my name was rejected. "
                + "Remote host said: 501 5.5.2 Syntax error in HELO argument", List.of()));
        // without qmail's step wording the remote answer's words decide
        assertEquals("blocklisted-ip", classify("qmail", null, "Remote host said: 553 5.7.1 Client host "
                + "blocked using a DNS block list", List.of()));
    }

    @Test
    void gmailStateNumberNamesTheStepOfItsSmtpClient() {
        String prefix = "Google tried to deliver your message, but it was rejected by the recipient domain. The error "
                + "that the other server returned was: ";
        assertEquals("user-unknown", classify("gmail", null, prefix + "550 550 <bob@example.org>: User unknown "
                + "(state 14).", List.of()));
        assertEquals("recipient-filtered", classify("gmail", null, prefix + "550 550 Unknown user bob@example.org "
                + "(state 18).", List.of()));
        // Google's own verdict for an address it hosts
        assertEquals("user-unknown", classify("gmail", "5.0.0", "** Address not found ** Your message wasn't "
                + "delivered to bob@example.org because the address couldn't be found. Check for typos or "
                + "unnecessary spaces and try again.", List.of()));
    }

    @Test
    void outlookComOwnSentenceForItsMailboxes() {
        assertEquals("user-unknown", classify("outlook", "5.5.0", "550 Requested action not taken: mailbox "
                + "unavailable (-1234567890:1234:-2147467259)", List.of()));
        // a remote answer quoted by the same notice without a stage is the recipient's filter
        assertEquals("recipient-filtered", classify("outlook", "5.0.0", "550 User unknown", List.of()));
    }

    @Test
    void interScanLogsTheDialogueFromItsOwnSide() {
        assertEquals("user-unknown", classify("interscanmss", null, "Sent <<< RCPT TO:<bob@example.org> Received >>> "
                + "550 Unknown user bob@example.org", List.of()));
        assertEquals("recipient-filtered", classify("interscanmss", null, "Sent <<< DATA Received >>> 550 Unknown "
                + "user bob@example.org", List.of()));
    }
}
