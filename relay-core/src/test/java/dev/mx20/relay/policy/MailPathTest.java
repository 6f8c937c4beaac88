package dev.mx20.relay.policy;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailPathTest {

    @Test
    void parsesOrdinaryAndQuotedAddresses() {
        MailPath p = MailPath.parse("<Alice.Smith+tag@Example.COM>").orElseThrow();
        assertEquals("Alice.Smith+tag", p.localPart());
        assertEquals("example.com", p.domain());
        assertFalse(p.hasRoutingTrick());
        MailPath q = MailPath.parse("<\"john smith\"@example.com>").orElseThrow();
        assertTrue(q.quoted());
        assertFalse(q.hasRoutingTrick());
        assertTrue(MailPath.parse("<user@[192.0.2.1]>").isPresent());
        assertTrue(MailPath.parse("<user@[IPv6:2001:db8::1]>").isPresent());
    }

    @Test
    void routingTricksAreRecognised() {
        assertTrue(MailPath.parse("<user%other.example@example.com>").orElseThrow().hasRoutingTrick());
        assertTrue(MailPath.parse("<host!user@example.com>").orElseThrow().hasRoutingTrick());
        assertTrue(MailPath.parse("<\"a@b.example\"@example.com>").orElseThrow().hasRoutingTrick());
        MailPath routed = MailPath.parse("<@a.example,@b.example:user@c.example>").orElseThrow();
        assertTrue(routed.sourceRoute());
        assertTrue(routed.hasRoutingTrick());
        assertEquals("user@c.example", routed.address());
    }

    @Test
    void rejectsInvalidSyntax() {
        String[] bad = {"", "<>", "<", "user@example.com", "<user>", "<@example.com>", "<user@>", "<.user@example.com>",
                "<us..er@example.com>", "<user@-example.com>", "<user@exa_mple.com>", "<user@example.com.>",
                "<\"unterminated@example.com>", "<us er@example.com>", "<user@[300.1.1.1]>", "<user@[IPv6:nothex]>",
                "<@a.example:user>", "<@:user@example.com>", "<" + "a".repeat(65) + "@example.com>",
                "<user@" + "a".repeat(64) + ".com>", "<usér@example.com>", "<user@exämple.com>", "<user@example.com"};
        for (String b : bad) {
            assertTrue(MailPath.parse(b).isEmpty(), b);
        }
    }

    @Test
    void randomGarbageNeverThrows() {
        Random r = new Random(42);
        String alphabet = "<>@\"\\.%!:,[]a-Z0 \t\u00e9\u0000";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder("<");
            int n = r.nextInt(40);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            sb.append('>');
            MailPath.parse(sb.toString()).ifPresent(p -> assertTrue(p.address().contains("@")));
        }
    }
}
