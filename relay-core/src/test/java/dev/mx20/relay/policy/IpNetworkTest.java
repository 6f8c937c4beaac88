package dev.mx20.relay.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpNetworkTest {
    @Test
    void matchesBothFamiliesAndMappedAddresses() {
        IpNetwork v4 = IpNetwork.parse("192.0.2.0/24");
        assertTrue(v4.contains(IpNetwork.literal("192.0.2.200")));
        assertFalse(v4.contains(IpNetwork.literal("192.0.3.1")));
        assertTrue(v4.contains(IpNetwork.literal("::ffff:192.0.2.7")));
        IpNetwork v6 = IpNetwork.parse("[2001:db8::]/32");
        assertTrue(v6.contains(IpNetwork.literal("2001:db8:ffff::1")));
        assertFalse(v6.contains(IpNetwork.literal("2001:db9::1")));
        assertFalse(v6.contains(IpNetwork.literal("192.0.2.1")));
        assertTrue(IpNetwork.parse("::1").contains(IpNetwork.literal("::1")));
        assertTrue(IpNetwork.parse("0.0.0.0/0").contains(IpNetwork.literal("198.51.100.1")));
    }

    @Test
    void refusesNamesAndGarbageWithoutDnsLookups() {
        assertNull(IpNetwork.literal("localhost"));
        assertNull(IpNetwork.literal("example.com"));
        for (String bad : new String[]{"", "/", "1.2.3.4/", "1.2.3.4/33", "::1/129", "1.2.3/8", "1.2.3.4/-1",
                "999.1.1.1", "a:b:c:d:e:f:g:h", "[1.2.3.4", "::1/1x"}) {
            assertThrows(IllegalArgumentException.class, () -> IpNetwork.parse(bad), bad);
        }
    }
}
