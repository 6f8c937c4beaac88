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
        assertEquals("RCPT", SmtpCommand.of("550 5.1.1 <a@example.org>... User Unknown  in RCPT TO"));
        assertEquals("DATA", SmtpCommand.of("554 5.7.1 Message rejected in End of DATA"));
        assertEquals("RCPT", SmtpCommand.of("192.0.2.153 does not like recipient. Remote host said: 550 5.1.1 no"));
        assertEquals("MAIL", SmtpCommand.of("Connected to 192.0.2.1 but sender was rejected. Remote host said: 553"));
        assertEquals("HELO", SmtpCommand.of("Connected to 192.0.2.1 but my name was rejected."));
        assertEquals("RCPT", SmtpCommand.of("SMTP:RCPT host 192.0.2.8: 553 5.3.0 <a@example.org>... No such user"));
        assertEquals("RCPT", SmtpCommand.of("rejected recipient <a@example.org> (Error following RCPT command)."));
        assertEquals("RCPT", SmtpCommand.of("Sent <<< RCPT TO:<a@example.org> Received >>> 550 5.1.1 unknown"));
        assertEquals("DATA", SmtpCommand.of("192.0.2.1 failed after I sent the message. Remote host said: 554 spam"));
    }

    @Test
    void saysNothingWhenTheTextDoesNot() {
        assertNull(SmtpCommand.of("550 5.1.1 user unknown"));
        assertNull(SmtpCommand.of("will retry after 30 minutes"));
        assertNull(SmtpCommand.of("550 5.2.2 no space left in mail store"));
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
