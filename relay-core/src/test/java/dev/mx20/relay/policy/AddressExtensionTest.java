package dev.mx20.relay.policy;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressExtensionTest {

    @Test
    void cutsAtTheFirstDelimiterOfTheSet() {
        assertEquals(Optional.of("alice"), AddressExtension.base("alice+lists", "+"));
        assertEquals(Optional.of("alice"), AddressExtension.base("alice+lists+ipv6", "+"));
        assertEquals(Optional.of("alice"), AddressExtension.base("alice-lists+x", "+-"));
        assertEquals(Optional.of("Alice.Smith"), AddressExtension.base("Alice.Smith+Tag", "+"));
        assertEquals(Optional.empty(), AddressExtension.base("alice-lists", "+"));
        assertEquals(Optional.empty(), AddressExtension.base("alice+lists", ""));
    }

    @Test
    void neverLeavesAnEmptyBaseOrExtension() {
        assertEquals(Optional.empty(), AddressExtension.base("+lists", "+"));
        assertEquals(Optional.empty(), AddressExtension.base("alice+", "+"));
        assertEquals(Optional.empty(), AddressExtension.base("+", "+"));
        assertEquals(Optional.empty(), AddressExtension.base("", "+"));
    }

    @Test
    void leavesReservedNamesAndListConventionsWhole() {
        assertEquals(Optional.empty(), AddressExtension.base("postmaster", "+"));
        assertEquals(Optional.empty(), AddressExtension.base("MAILER-DAEMON", "-"));
        assertEquals(Optional.empty(), AddressExtension.base("owner-ipv6", "-"));
        assertEquals(Optional.empty(), AddressExtension.base("ipv6-request", "-+"));
        // Only when '-' is a delimiter are they conventions to protect.
        assertEquals(Optional.of("owner-ipv6"), AddressExtension.base("owner-ipv6+x", "+"));
    }

    @Test
    void anyLocalPartGivesAPrefixOfItselfOrNothing() {
        Random random = new Random(7);
        String alphabet = "ab+-._=!#Z9\u00e9";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder local = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                local.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String l = local.toString();
            Optional<String> base = AddressExtension.base(l, "+-");
            base.ifPresent(b -> {
                assertFalse(b.isEmpty(), l);
                assertTrue(l.startsWith(b) && l.length() > b.length() + 1, l + " -> " + b);
                assertTrue("+-".indexOf(l.charAt(b.length())) >= 0, l + " -> " + b);
                assertTrue(b.chars().noneMatch(c -> c == '+' || c == '-'), l + " -> " + b);
            });
        }
    }
}
