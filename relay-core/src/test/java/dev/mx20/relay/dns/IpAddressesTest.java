package dev.mx20.relay.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IpAddressesTest {
    @ParameterizedTest
    @CsvSource({
            // RFC 5952 §4 examples and edge cases
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:DB8::AA, 2001:db8::aa",
            "::, ::",
            "::1, ::1",
            "fe80::, fe80::",
            // RFC 5952 §5: IPv4-mapped in mixed notation, however it was written
            "::ffff:c000:207, ::ffff:192.0.2.7",
            "0:0:0:0:0:FFFF:192.0.2.7, ::ffff:192.0.2.7",
            // not mapped: the IPv4-compatible form (deprecated) and ffff elsewhere stay hexadecimal
            "::c000:207, ::c000:207",
            "::ffff:0:c000:207, ::ffff:0:c000:207",
    })
    void canonicalFormFollowsRfc5952(String in, String out) {
        assertEquals(out, IpAddresses.canonical(in).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({
            "8.8.8.8, PUBLIC", "2a00:1450:4001::1, PUBLIC",
            "10.0.0.1, PRIVATE", "172.16.5.4, PRIVATE", "192.168.1.1, PRIVATE", "100.64.0.1, PRIVATE",
            "127.0.0.1, LOOPBACK", "::1, LOOPBACK",
            "169.254.1.1, LINK_LOCAL", "fe80::1, LINK_LOCAL",
            "fd00::25, UNIQUE_LOCAL", "fc01::1, UNIQUE_LOCAL",
            "::ffff:192.0.2.1, MAPPED",
            "192.0.2.1, DOCUMENTATION", "198.51.100.7, DOCUMENTATION", "203.0.113.9, DOCUMENTATION",
            "2001:db8::1, DOCUMENTATION",
            "0.0.0.0, RESERVED", "::, RESERVED", "224.0.0.1, RESERVED", "ff02::1, RESERVED", "255.255.255.255, RESERVED",
    })
    void scopes(String address, AddressScope scope) {
        assertEquals(scope, IpAddresses.scope(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "2001:db8:::1", "::g", "example.com",
            "1.2.3.4/24", "192.0.2.001", "[2001:db8::1]", "2001:db8::1%eth0"})
    void garbageIsNotALiteralAndNeverLookedUp(String text) {
        assertFalse(IpAddresses.isLiteral(text));
        assertEquals(AddressScope.RESERVED, IpAddresses.scope(text));
    }

    @Test
    void reverseNames() {
        assertEquals("1.2.0.192.in-addr.arpa", IpAddresses.reverseName("192.0.2.1"));
        assertEquals("0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
                IpAddresses.reverseName("2001:db8::20"));
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.reverseName("relay.example.com"));
        // the same names dnsjava's ReverseMap gives
        for (String a : java.util.List.of("0.0.0.0", "255.255.255.255", "10.0.0.1", "::", "::1", "fe80::1:ff",
                "2001:db8:ffff:abcd:1234:5678:9abc:def0", "::ffff:192.0.2.1")) {
            String dnsjava = org.xbill.DNS.ReverseMap.fromAddress(IpAddresses.parse(a).orElseThrow()).toString();
            assertEquals(dnsjava.substring(0, dnsjava.length() - 1), IpAddresses.reverseName(a), a);
        }
    }
}
