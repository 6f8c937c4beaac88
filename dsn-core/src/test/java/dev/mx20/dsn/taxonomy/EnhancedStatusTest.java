package dev.mx20.dsn.taxonomy;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnhancedStatusTest {

    @Test
    void parsesWellFormedCodes() {
        EnhancedStatus s = EnhancedStatus.parse(" 5.7.25 ");
        assertEquals(new EnhancedStatus(5, 7, 25), s);
        assertEquals("5.7.25", s.toString());
        assertEquals("Reverse DNS validation failed", s.meaning());
        assertTrue(s.isPermanent());
        assertEquals("4.4.7", EnhancedStatus.parse("4.4.7 (delivery time expired)").toString());
        assertTrue(EnhancedStatus.parse("2.0.0").isSuccess());
        assertTrue(EnhancedStatus.parse("4.2.2").isTransient());
    }

    @Test
    void knowsTheIanaAdditions() {
        assertEquals("Recipient address has null MX", EnhancedStatus.parse("5.1.10").meaning());
        assertEquals("Sender address has null MX", EnhancedStatus.parse("5.7.27").meaning());
        assertEquals("SPF validation failed", EnhancedStatus.parse("5.7.23").meaning());
        assertEquals("Multiple authentication checks failed", EnhancedStatus.parse("5.7.26").meaning());
        assertEquals("No passing DKIM signature found", EnhancedStatus.parse("5.7.20").meaning());
        assertTrue(EnhancedStatus.parse("5.7.30").isRegistered());
    }

    @Test
    void unregisteredCodesFallBackToTheSubject() {
        EnhancedStatus sisimaiInternal = EnhancedStatus.parse("5.0.910");
        assertFalse(sisimaiInternal.isRegistered());
        assertEquals("Other or undefined status", sisimaiInternal.meaning());
    }

    @Test
    void rejectsMalformedCodes() {
        for (String bad : new String[] {null, "", "5", "5.1", "5..1", "3.1.1", "5.1.1.1", "5.1.1000", "x.1.1",
                "5.1.", ".5.1.1", "55.1.1", "5.a.1"}) {
            assertNull(EnhancedStatus.parse(bad), "should reject '" + bad + "'");
        }
        assertThrows(IllegalArgumentException.class, () -> new EnhancedStatus(3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EnhancedStatus(5, 1000, 0));
    }

    @Test
    void findsACodeInsideText() {
        assertEquals("5.7.25", EnhancedStatus.find("550-5.7.25 [2001:db8::1] The IP address sending").toString());
        assertEquals("5.1.1", EnhancedStatus.find("Sorry, no mailbox here by that name. (#5.1.1)").toString());
        assertEquals("4.2.2", EnhancedStatus.find("452 4.2.2 Mailbox full.").toString());
        assertEquals("5.1.1", EnhancedStatus.find("ends with the code 5.1.1.").toString());
    }

    @Test
    void doesNotTakeAddressesOrVersionsForCodes() {
        assertNull(EnhancedStatus.find("connect to 192.0.2.5.25 failed"));
        assertNull(EnhancedStatus.find("host [10.5.1.1] said: go away"));
        assertNull(EnhancedStatus.find("Postfix 2.10.1 here"));
        assertNull(EnhancedStatus.find("version v5.1.1"));
        assertNull(EnhancedStatus.find(null));
    }

    @Test
    void survivesGarbage() {
        Random random = new Random(3463);
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[random.nextInt(24)];
            for (int j = 0; j < chars.length; j++) {
                String alphabet = "0123456789.. 5.4x#-\u00e9\u0000";
                chars[j] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String s = new String(chars);
            EnhancedStatus found = EnhancedStatus.find(s);
            if (found != null) {
                assertTrue(s.contains(found.toString()), s);
            }
            EnhancedStatus parsed = EnhancedStatus.parse(s);
            if (parsed != null) {
                assertTrue(s.trim().startsWith(parsed.toString()), s);
            }
        }
    }
}
