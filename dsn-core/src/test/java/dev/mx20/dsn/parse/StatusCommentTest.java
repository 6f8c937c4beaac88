package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A comment after the code of a Status field (Haraka: "Status: 5.1.2 (550 Tried all MXs example.org)", no
 * Diagnostic-Code) is the recipient's diagnostic when it begins with a reply code; see the genuine Haraka fixtures.
 */
class StatusCommentTest {
    private static RecipientDraft only(String fields) {
        DeliveryStatusParser.Result r = DeliveryStatusParser.parse(
                "Reporting-MTA: dns;mta.example.org\n\nFinal-Recipient: rfc822;bob@example.net\nAction: failed\n"
                        + fields, 10, 100);
        assertEquals(1, r.recipients().size());
        return r.recipients().get(0);
    }

    @Test
    void commentWithReplyCodeIsTheDiagnostic() {
        RecipientDraft d = only("Status: 5.1.2 (550 Tried all MXs example.net)\n");
        assertEquals("5.1.2", d.status);
        assertEquals("550 Tried all MXs example.net", d.diagnosticText);
        assertEquals(550, d.replyCode);
        assertNull(d.diagnosticType);
    }

    @Test
    void diagnosticCodeFieldWinsBeforeAndAfter() {
        String diag = "Diagnostic-Code: smtp; 550 5.1.1 no such user\n";
        assertEquals("550 5.1.1 no such user",
                only("Status: 5.1.1 (550 Tried all MXs example.net)\n" + diag).diagnosticText);
        assertEquals("550 5.1.1 no such user",
                only(diag + "Status: 5.1.1 (550 Tried all MXs example.net)\n").diagnosticText);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.1.1 (bad destination mailbox address)", "5.1.1 (", "5.1.1 )550 x(", "5.1.1 ()",
            "5.1.1 (5501 x)", "5.1.1 (see 550 below)"})
    void otherCommentsAreNotDiagnostics(String status) {
        assertNull(only("Status: " + status + "\n").diagnosticText);
    }
}
