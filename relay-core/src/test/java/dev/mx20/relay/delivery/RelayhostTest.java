package dev.mx20.relay.delivery;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RelayhostTest {
    @Test
    void parsesPostfixSyntax() {
        assertEquals(new Relayhost("primary.example", 25, false), Relayhost.parse("[primary.example]"));
        assertEquals(new Relayhost("primary.example", 2525, false), Relayhost.parse(" [primary.example]:2525 "));
        assertEquals(new Relayhost("2001:db8::1", 25, false), Relayhost.parse("[2001:db8::1]:25"));
        assertEquals(new Relayhost("example.com", 25, true), Relayhost.parse("example.com"));
        assertEquals(new Relayhost("example.com", 587, true), Relayhost.parse("example.com:587"));
        assertEquals("[primary.example]:25", Relayhost.parse("[Primary.Example]").toString());
        assertEquals("example.com:587", Relayhost.parse("example.com:587").toString());
    }

    @Test
    void rejectsGarbage() {
        for (String bad : new String[] {"", "  ", "[", "[]", "[host", "[host]x", "[host]:", "[host]:0",
                "[host]:65536", "[host]:http", "2001:db8::1", "host:", "host:-1", ":25"}) {
            assertThrows(IllegalArgumentException.class, () -> Relayhost.parse(bad), bad);
        }
    }

    @Test
    void settingsValidateTheirValues() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> DeliverySettings.builder("bad name").build());
        assertThrows(IllegalArgumentException.class, () -> DeliverySettings.builder("r.example").port(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> DeliverySettings.builder("r.example").mxAddressLimit(-1).build());
        InetAddress v6 = InetAddress.getByName("::1");
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        assertThrows(IllegalArgumentException.class, () -> DeliverySettings.builder("r.example").bindAddress(v6).build());
        assertThrows(IllegalArgumentException.class, () -> DeliverySettings.builder("r.example").bindAddress6(v4).build());
        assertThrows(IllegalArgumentException.class, () -> SmtpTimeouts.all(Duration.ZERO));
        DeliverySettings s = DeliverySettings.builder("Relay.Example.").ownName("MX20.example.").build();
        assertEquals(java.util.Set.of("relay.example", "mx20.example"), s.ownNames());
        assertEquals(AddressPreference.IPV6, s.addressPreference());
        assertEquals(TlsLevel.MAY, s.tls());
        assertEquals(5, s.mxAddressLimit());
        assertEquals(Duration.ofSeconds(30), s.timeouts().connect());
    }
}
