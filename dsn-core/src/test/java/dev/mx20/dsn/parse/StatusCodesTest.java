package dev.mx20.dsn.parse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The hand-written scanners for RFC 3463 status codes and RFC 5321 reply codes. */
class StatusCodesTest {
    @Test
    void findsEnhancedStatusCodes() {
        assertEquals("5.1.1", StatusCodes.findStatus("550 5.1.1 <a@example.org>... User unknown"));
        assertEquals("5.1.10", StatusCodes.findStatus("#550 5.1.10 RESOLVER.ADR.RecipientNotFound"));
        assertEquals("4.4.3", StatusCodes.findStatus("Unable to contact LDAP server. (#4.4.3)I'm not"));
        assertEquals("5.7.1", StatusCodes.normaliseStatus("5.7.1 (delivery not authorized)"));
    }

    @Test
    void ignoresAddressesVersionsAndNumbersThatAreNotStatusCodes() {
        assertNull(StatusCodes.findStatus("connect to 192.0.2.5.25 failed"));
        assertNull(StatusCodes.findStatus("Exim 4.72 said hello"));
        assertNull(StatusCodes.findStatus("version 5.1.1.2 is out"));
        assertNull(StatusCodes.findStatus(""));
        assertNull(StatusCodes.findStatus(null));
    }

    @Test
    void findsReplyCodes() {
        assertEquals(550, StatusCodes.findReplyCode("550 5.1.1 user unknown"));
        assertEquals(550, StatusCodes.findReplyCode("550-5.1.1 The email account"));
        assertEquals(550, StatusCodes.findReplyCode("550: : User unknown"));
        assertEquals(452, StatusCodes.findReplyCode("said: 452 4.2.2 Mailbox full"));
        assertEquals(550, StatusCodes.findReplyCode("5.1.0 - Unknown address error 550-'5.7.1 <x@example.org>"));
    }

    @Test
    void greetingBeforeTheFailureIsSkipped() {
        assertEquals(421, StatusCodes.findReplyCode("refused to talk to me: 220-mx.example.org 421 4.2.1 busy"));
        assertEquals(250, StatusCodes.findReplyCode("250 2.0.0 OK queued"));
    }

    @Test
    void doesNotTakeIpsPortsOrLongNumbersForReplyCodes() {
        assertNull(StatusCodes.findReplyCode("host 192.0.2.250 port 25 timed out"));
        assertNull(StatusCodes.findReplyCode("queue id 5501234"));
        assertNull(StatusCodes.findReplyCode("after 600 seconds")); // 6xx is no reply code
    }

    @Test
    void remoteStatusAfterReplyCodeIsPreferredOfTheSameClass() {
        assertEquals("5.7.1", StatusCodes.statusAfterReplyCode("5.1.0 - Unknown address error 550-'5.7.1 <x>"));
        assertEquals("4.7.1", StatusCodes.refine("4.4.7", "4.7.1", "4.7.1"));
        assertEquals("5.1.1", StatusCodes.refine("5.1.1", "4.7.1", "4.7.1")); // other class: keep the declared
        assertEquals("5.2.2", StatusCodes.refine("5.0.0", "5.2.2", null));
        assertEquals("5.0.0", StatusCodes.refine("5.0.0", null, null));
    }
}
