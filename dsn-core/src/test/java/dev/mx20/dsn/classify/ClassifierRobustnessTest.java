package dev.mx20.dsn.classify;

import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Diagnostic;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;
import dev.mx20.dsn.taxonomy.Cause;
import dev.mx20.dsn.taxonomy.Classification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The classifier is fed garbage: random text, statuses, actions and kinds. It must always answer. */
class ClassifierRobustnessTest {
    private static final String[] WORDS = {"550", "5.1.1", "4.4.7", "user", "unknown", "[2001:db8::1]", "::",
            "type=aaaa:", "host", "found", "but", "no", "data", "\u0000", "\r\n", "\t", "\u00e9t\u00e9", "*", "spam",
            "quota", "5.", "9.9.9", "2.0.0", "]", "[", ":", "ipv6", "ptr", "record", "\uFFFF", "\uD800"};

    @Test
    void alwaysAnswersWithACatalogueCause() {
        Random random = new Random(3464);
        Classifier classifier = new Classifier();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(12); w > 0; w--) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextBoolean() ? " " : "");
            }
            Action action = random.nextInt(6) == 0 ? null : Action.values()[random.nextInt(Action.values().length)];
            ReportKind kind = ReportKind.values()[random.nextInt(ReportKind.values().length)];
            String status = random.nextBoolean() ? null : WORDS[random.nextInt(WORDS.length)];
            Integer reply = random.nextBoolean() ? null : random.nextInt(1000) - 100;
            RecipientReport r = new RecipientReport(null, null, action, status, random.nextBoolean() ? null : text.toString(),
                    random.nextBoolean() ? null : new Diagnostic(random.nextBoolean() ? null : "x-unix", text.toString(), reply),
                    null, null, null, null, null);
            BounceReport report = new BounceReport(kind, null, null, null, null, null, null, null, null, List.of(r), null);
            Classification c = classifier.classify(report, r);
            assertNotNull(c);
            Cause cause = Cause.fromId(c.cause());
            assertNotNull(cause, c.cause());
            assertNotNull(c.evidence());
            assertNotNull(c.permanence());
        }
    }

    @Test
    void googleGroupsRefusalsInAnyLanguageAreSenderRejections() {
        RecipientReport r = new RecipientReport("list@groups.example.com", null, null, null, null,
                new Diagnostic(null, "Bonjour alice@example.net, il se peut que le groupe que vous avez essay\u00e9 de contacter n'existe pas", null),
                null, null, null, null, null);
        Classification c = new Classifier().classify(new BounceReport(ReportKind.BOUNCE, "googlegroups", null, null,
                null, null, null, null, null, List.of(r), null), r);
        assertEquals("sender-rejected", c.cause());
        assertEquals("report format googlegroups", c.evidence());
    }

    @Test
    void anUnknownUserWithoutStageOrX11IsFilteredUnlessTheFormatStatesItsOwnVerdict() {
        RecipientReport r = new RecipientReport("bob@example.org", null, null, null, null,
                new Diagnostic("smtp", "550 Unknown user bob@example.org", 550), null, null, null, null, null);
        // a remote reply quoted without the command it answered: the recipient side refused the message
        assertEquals("recipient-filtered", classifyAs("mfilter", r).cause());
        assertEquals("recipient-filtered", classifyAs("sendmail", r).cause());
        assertEquals("recipient-filtered", classifyAs(null, r).cause());
        // McAfee's gateway notice and InterScan's own wording state the unknown mailbox themselves
        assertEquals("user-unknown", classifyAs("mcafee", r).cause());
        RecipientReport interscan = new RecipientReport("neko@example.jp", null, null, null, null,
                new Diagnostic("smtp", "Message from InterScan Messaging Security Suite: Unable to deliver message to "
                        + "<neko@example.jp> (and other recipients in the same domain). Please check if address is "
                        + "correct.", null), null, null, null, null, null);
        assertEquals("user-unknown", classifyAs("interscanmss", interscan).cause());
        // the stage or an X.1.1 status decides for every format
        RecipientReport atRcpt = new RecipientReport("bob@example.org", null, null, null, null,
                new Diagnostic("smtp", "550 Unknown user bob@example.org", 550), null, null, null,
                List.of(new dev.mx20.dsn.model.Field("X-Mx20-Smtp-Command", "RCPT")), null);
        assertEquals("user-unknown", classifyAs("sendmail", atRcpt).cause());
        RecipientReport x11 = new RecipientReport("bob@example.org", null, Action.FAILED, "5.1.1", null,
                new Diagnostic("smtp", "550 5.1.1 Unknown user bob@example.org", 550), null, null, null, null, null);
        assertEquals("user-unknown", classifyAs("mfilter", x11).cause());
        RecipientReport afterData = new RecipientReport("bob@example.org", null, null, null, null,
                new Diagnostic("smtp", "host mx.example.org[192.0.2.25] said: 550 Unknown user bob@example.org "
                        + "(in reply to end of DATA command)", 550), null, null, null, null, null);
        assertEquals("recipient-filtered", classifyAs("mcafee", afterData).cause());
    }

    private static Classification classifyAs(String format, RecipientReport r) {
        return new Classifier().classify(new BounceReport(ReportKind.BOUNCE, format, null, null, null, null, null,
                null, null, List.of(r), null), r);
    }

    @Test
    void theParsersSmtpCommandFieldIsUsedWhenTheTextDoesNotSay() {
        Diagnostic d = new Diagnostic("smtp", "550 5.2.1 <bob@example.org>... User unknown", 550);
        RecipientReport atRcpt = new RecipientReport("bob@example.org", null, Action.FAILED, "5.2.1", null, d, null,
                null, null, List.of(new dev.mx20.dsn.model.Field("X-Mx20-Smtp-Command", "RCPT")), null);
        RecipientReport unknownStage = new RecipientReport("bob@example.org", null, Action.FAILED, "5.2.1", null, d,
                null, null, null, List.of(), null);
        BounceReport report = new BounceReport(ReportKind.DSN, "postfix", null, null, null, null, null, null, null,
                List.of(atRcpt), null);
        assertEquals("user-unknown", new Classifier().classify(report, atRcpt).cause());
        assertEquals("recipient-filtered", new Classifier().classify(report, unknownStage).cause());
    }

    @Test
    void emptyRecipientIsUnknown() {
        RecipientReport r = new RecipientReport(null, null, null, null, null, null, null, null, null, null, null);
        Classification c = new Classifier().classify(
                new BounceReport(ReportKind.BOUNCE, null, null, null, null, null, null, null, null, List.of(r), null), r);
        assertEquals("unknown", c.cause());
    }
}
