package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The rejected SMTP command as the common MTAs word it. */
class SmtpCommandTest {
    @Test
    void readsTheCommandFromEachMtaWording() {
        assertEquals("RCPT", SmtpCommand.of("host mx[192.0.2.1] said: 550 5.1.1 no (in reply to RCPT TO command)"));
        assertEquals("DATA", SmtpCommand.of("said: 550 user unknown (in reply to end of DATA command)"));
        assertEquals("MAIL", SmtpCommand.of("SMTP error from remote mail server after MAIL FROM:<a@example.com>"));
        assertEquals("DATA", SmtpCommand.of("SMTP error from remote mail server after end of data: 554 5.7.0"));
        assertEquals("HELO", SmtpCommand.of("SMTP error from remote mail server after EHLO example.com: 550"));
        assertEquals("DATA", SmtpCommand.of(">>> DATA <<< 554 5.7.1 rejected"));
        assertEquals("CONN", SmtpCommand.of("refused to talk to me: 554 go away"));
    }

    @Test
    void saysNothingWhenTheTextDoesNot() {
        assertNull(SmtpCommand.of("550 5.1.1 user unknown"));
        assertNull(SmtpCommand.of("will retry after 30 minutes"));
        assertNull(SmtpCommand.of(null));
    }

    private static String commandOf(RecipientDraft r) {
        return r.extensionFields.stream().filter(f -> f.name().equals(SmtpCommand.FIELD))
                .map(dev.mx20.dsn.model.Field::value).findFirst().orElse(null);
    }

    @Test
    void aSendmailTranscriptCommandDoesNotCrossIntoTheNextSession() {
        String transcript = String.join("\n",
                "... while talking to mx1.example.org.:",
                ">>> DATA",
                "<<< 554 5.7.1 Message refused",
                "554 5.0.0 Service unavailable",
                "... while talking to mx2.example.net.:",
                "550 <carol@example.net>... Host unknown (Name server: mx2.example.net: host not found)",
                "... while talking to mx3.example.com.:",
                ">>> RCPT To:<dave@example.com>",
                "<<< 550 5.1.1 <dave@example.com>... User unknown",
                "550 5.1.1 <dave@example.com>... User unknown");
        java.util.List<RecipientDraft> r = SendmailFormat.transcript(transcript);
        assertEquals(2, r.size());
        assertNull(commandOf(r.get(0)), "the DATA of the first session is not carol's");
        assertEquals("RCPT", commandOf(r.get(1)));
    }

    @Test
    void putKeepsAnExistingField() {
        RecipientDraft r = new RecipientDraft("erin@example.org");
        SmtpCommand.put(r, "RCPT");
        SmtpCommand.put(r, "DATA");
        SmtpCommand.put(r, null);
        SmtpCommand.put(null, "RCPT");
        assertEquals("RCPT", commandOf(r));
        assertEquals(1, r.extensionFields.size());
    }
}
