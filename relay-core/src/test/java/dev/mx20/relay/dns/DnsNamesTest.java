package dev.mx20.relay.dns;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Host-name syntax: fixed cases, and the hand-written label checks against the regular expressions they replace. */
class DnsNamesTest {
    @Test
    void hostNames() {
        for (String ok : List.of("example.com", "EXAMPLE.com.", " mx1.example.com ", "a.b", "xn--bcher-kva.example",
                "1.example", "a-b.example", "x".repeat(63) + ".example", "d0.bench.example")) {
            assertTrue(DnsNames.isHostName(ok), ok);
        }
        for (String bad : List.of("", ".", "com", "example..com", ".example.com", "-a.example", "a-.example",
                "x".repeat(64) + ".example", "a_b.example", "_25._tcp.example", "192.0.2.1", "[192.0.2.1]",
                "2001:db8::1", "example.123", "exa mple.com", "bücher.example", "a.b" + ".c".repeat(126),
                "example.com..")) {
            assertFalse(DnsNames.isHostName(bad), bad);
        }
        assertFalse(DnsNames.isHostName(null));
        assertTrue(DnsNames.isHostName("a.b" + ".c".repeat(125))); // 253 characters
    }

    @Test
    void queryableNamesAllowServiceLabels() {
        assertTrue(DnsNames.isQueryable("_25._tcp.mx.example"));
        assertTrue(DnsNames.isQueryable("_mta-sts.example."));
        assertTrue(DnsNames.isQueryable("1.2.0.192.in-addr.arpa"));
        assertFalse(DnsNames.isQueryable("_.example"));
        assertFalse(DnsNames.isQueryable("a..example"));
        assertFalse(DnsNames.isQueryable("a b.example"));
        assertTrue(DnsNames.toName("MX.example.").isPresent());
        assertFalse(DnsNames.toName("mx..example").isPresent());
        assertFalse(DnsNames.toName(null).isPresent());
    }

    @Test
    void normalFormIsLowerCaseWithoutTrailingDotAndNormalNamesAreNotCopied() {
        assertEquals("mx.example", DnsNames.normalize(" MX.Example. "));
        assertEquals("mx.example.", DnsNames.normalize("mx.example.."));
        assertEquals("", DnsNames.normalize("."));
        String normal = "mx.example";
        assertSame(normal, DnsNames.normalize(normal));
    }

    // the regular expressions of the earlier version, as the reference
    private static final Pattern LDH_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern SERVICE_LABEL = Pattern.compile("_[a-z0-9-]{1,62}");

    private static String referenceNormalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static boolean referenceIsHostName(String name) {
        String n = referenceNormalize(name);
        if (n.isEmpty() || n.length() > 253 || IpAddresses.isLiteral(n)) {
            return false;
        }
        String[] labels = n.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LDH_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static boolean referenceIsQueryable(String name) {
        String n = referenceNormalize(name);
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        for (String label : n.split("\\.", -1)) {
            if (!LDH_LABEL.matcher(label).matches() && !SERVICE_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void agreesWithTheRegularExpressionsOnRandomNames() {
        Random random = new Random(5452);
        String alphabet = "abcXYZ019-_. \t:[]\u00fc\u0130";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(i % 100 == 0 ? 300 : 24);
            for (int j = 0; j < len; j++) {
                b.append(random.nextInt(4) == 0 ? '.' : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            names.add(b.toString());
        }
        names.addAll(List.of("x".repeat(63) + ".a", "x".repeat(64) + ".a", "_" + "x".repeat(62) + ".a",
                "_" + "x".repeat(63) + ".a", "192.0.2.1", "::1", "a.1", "a.1a"));
        for (String n : names) {
            assertEquals(referenceNormalize(n), DnsNames.normalize(n), n);
            assertEquals(referenceIsHostName(n), DnsNames.isHostName(n), n);
            assertEquals(referenceIsQueryable(n), DnsNames.isQueryable(n), n);
        }
    }
}
