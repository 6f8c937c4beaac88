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

    @Test
    void utf8AddressesOnlyWithSmtputf8() {
        assertTrue(MailPath.parse("<j\u00f6rg@example.com>").isEmpty(), "RFC 5321: ASCII only");
        MailPath p = MailPath.parse("<J\u00f6rg@B\u00fccher.Example>", true).orElseThrow();
        assertEquals("J\u00f6rg", p.localPart());
        assertEquals("xn--bcher-kva.example", p.domain(), "U-labels become A-labels");
        assertTrue(MailPath.parse("<\"j\u00f6 rg\"@example.com>", true).isPresent(), "qtextSMTP =/ UTF8-non-ascii");
        assertTrue(MailPath.parse("<\ud83d\udce7@example.com>", true).isPresent(), "beyond the BMP");
        assertTrue(MailPath.parse("<a\ufffdb@example.com>", true).isEmpty(), "malformed input decoded as U+FFFD");
        assertTrue(MailPath.parse("<a\u0085b@example.com>", true).isEmpty(), "C1 control");
        assertTrue(MailPath.parse("<a@ex\u00e4mple..com>", true).isEmpty(), "empty label");
        assertTrue(MailPath.parse("<a%b@\u00e4.example>", true).orElseThrow().hasRoutingTrick());
    }

    @Test
    void randomUtf8GarbageNeverThrows() {
        Random r = new Random(7);
        String alphabet = "<>@\"\\.%!:,[]aZ0- \u00e9\u00fc\u4f8b\u0085\ufffd\ud83d\udce7\u0000\u200d";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder("<");
            int n = r.nextInt(40);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            sb.append('>');
            MailPath.parse(sb.toString(), true).ifPresent(p -> {
                assertTrue(p.address().contains("@"));
                assertTrue(p.domain().chars().allMatch(c -> c < 128), "domains are always ASCII: " + p);
            });
        }
    }
}
