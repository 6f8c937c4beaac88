package dev.mx20.dsn.classify;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class Ipv6EvidenceTest {

    @Test
    void findsAddressLiterals() {
        assertEquals("2001:db8::25", Ipv6Evidence.findLiteral("connect to mx.example.net[2001:db8::25]:25: connection timed out"));
        assertEquals("2001:db8::1", Ipv6Evidence.findLiteral("550-5.7.25 [2001:db8::1] the ip address"));
        assertEquals("2001:db8:0:0:0:0:0:1", Ipv6Evidence.findLiteral("from [2001:db8:0:0:0:0:0:1]"));
        assertEquals("::ffff:192.0.2.1", Ipv6Evidence.findLiteral("client ::ffff:192.0.2.1 rejected"));
        assertEquals("2001:db8::1", Ipv6Evidence.findLiteral("[ipv6:2001:db8::1]"));
    }

    @Test
    void ignoresTimesPortsAndWords() {
        assertNull(Ipv6Evidence.findLiteral("last attempt 12:34:56 failed"));
        assertNull(Ipv6Evidence.findLiteral("connect to 192.0.2.1:25: refused"));
        assertNull(Ipv6Evidence.findLiteral("said: 550 5.1.1 user unknown"));
        assertNull(Ipv6Evidence.findLiteral("deadbeef:cafe"));
        assertNull(Ipv6Evidence.findLiteral("ab::cd::ef"));
        assertNull(Ipv6Evidence.findLiteral(""));
    }

    @Test
    void otherEvidence() {
        assertEquals("type=aaaa", Ipv6Evidence.find("name service error for name=x type=aaaa: host not found"));
        assertEquals("ipv6", Ipv6Evidence.find("does not meet ipv6 sending guidelines"));
        assertNull(Ipv6Evidence.find("no evidence here"));
        assertNull(Ipv6Evidence.find(null));
    }
}
