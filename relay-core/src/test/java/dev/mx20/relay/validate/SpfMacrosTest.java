package dev.mx20.relay.validate;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7208 §7.4's own examples, and malformed macros. */
class SpfMacrosTest {
    private static final byte[] V4 = {(byte) 192, 0, 2, 3};
    private static final byte[] V6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xcb, 0x01};

    private static SpfMacros.Context ctx(byte[] client) {
        return new SpfMacros.Context("strong-bad", "email.example.com", "email.example.com", client,
                "relay.example.net");
    }

    @Test
    void rfc7208Section74Examples() {
        Map<String, String> examples = Map.ofEntries(
                Map.entry("%{s}", "strong-bad@email.example.com"),
                Map.entry("%{o}", "email.example.com"),
                Map.entry("%{d}", "email.example.com"),
                Map.entry("%{d4}", "email.example.com"),
                Map.entry("%{d3}", "email.example.com"),
                Map.entry("%{d2}", "example.com"),
                Map.entry("%{d1}", "com"),
                Map.entry("%{dr}", "com.example.email"),
                Map.entry("%{d2r}", "example.email"),
                Map.entry("%{l}", "strong-bad"),
                Map.entry("%{l-}", "strong.bad"),
                Map.entry("%{lr}", "strong-bad"),
                Map.entry("%{lr-}", "bad.strong"),
                Map.entry("%{l1r-}", "strong"),
                Map.entry("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"),
                Map.entry("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"),
                Map.entry("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"),
                Map.entry("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"),
                Map.entry("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"),
                Map.entry("%{h}", "relay.example.net"),
                Map.entry("%%-%_-%-", "%- -%20"));
        examples.forEach((spec, expected) -> assertEquals(expected, SpfMacros.expand(spec, ctx(V4)), spec));
        assertEquals("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com",
                SpfMacros.expand("%{ir}.%{v}._spf.%{d2}", ctx(V6)));
    }

    @Test
    void upperCaseLettersAreUrlEscaped() {
        SpfMacros.Context c = new SpfMacros.Context("a b/c", "example.com", "example.com", V4, "h.example");
        assertEquals("a%20b%2Fc", SpfMacros.expand("%{L}", c));
    }

    @Test
    void longResultsLoseLabelsFromTheLeft() {
        String longLocal = "x".repeat(60) + "-" + "y".repeat(60) + "-" + "z".repeat(60) + "-" + "w".repeat(60);
        SpfMacros.Context c = new SpfMacros.Context(longLocal, "example.com", "example.com", V4, "h.example");
        String out = SpfMacros.expandDomain("%{l-}.%{d}", c);
        assertTrue(out.length() <= 253, out);
        assertTrue(out.endsWith(".example.com"), out);
        assertFalse(out.contains("xxx"), out);
    }

    @Test
    void malformedMacrosAreErrors() {
        for (String bad : List.of("%", "%x", "%{", "%{}", "%{q}", "%{d0}", "%{d2x}", "%{c}", "%{r}", "%{t}",
                "%{d1234}", "a%")) {
            assertThrows(IllegalArgumentException.class, () -> SpfMacros.expand(bad, ctx(V4)), bad);
        }
    }

    @Test
    void knowsWhichMacrosNeedTheClient() {
        assertTrue(SpfMacros.needsClient("%{ir}.%{v}._spf.example.com"));
        assertTrue(SpfMacros.needsClient("%{p}.example.com"));
        assertFalse(SpfMacros.needsClient("%{l}._spf.%{d}"));
        assertThrows(IllegalStateException.class, () -> SpfMacros.expand("%{i}", ctx(null)));
    }
}
