package dev.mx20.relay.dns;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineDnsLookupTest {
    private static DnsAnswer ask(OfflineDnsLookup dns, String name, RecordType type) {
        return dns.lookup(name, type).toCompletableFuture().join();
    }

    @Test
    void relativeNamesNoTtlNxdomainNodataAndEmptyNonTerminals() {
        OfflineDnsLookup dns = OfflineDnsLookup.parse("example.com", List.of(
                "@ IN MX 10 v6only",
                "example.com. 3600 IN MX 20 relay.example.com.",
                "v6only IN AAAA 2001:0db8::1",
                "_25._tcp.relay IN TLSA 3 1 1 00ff",
                "; a comment line",
                ""));
        assertEquals(List.of("10 v6only.example.com", "20 relay.example.com"), ask(dns, "example.com", RecordType.MX).data());
        assertEquals(List.of("2001:db8::1"), ask(dns, "V6ONLY.example.com.", RecordType.AAAA).data());
        assertEquals(DnsStatus.NODATA, ask(dns, "v6only.example.com", RecordType.A).status());
        assertEquals(DnsStatus.NXDOMAIN, ask(dns, "nobody.example.com", RecordType.A).status());
        assertEquals(DnsStatus.NODATA, ask(dns, "_tcp.relay.example.com", RecordType.TXT).status());
        assertEquals(DnsStatus.ERROR, ask(dns, "bad name", RecordType.A).status());
    }

    @Test
    void cnameChainsAndLoopsEnd() {
        OfflineDnsLookup dns = OfflineDnsLookup.parse("example.com", List.of(
                "mail IN CNAME relay", "relay IN A 192.0.2.1",
                "loop1 IN CNAME loop2", "loop2 IN CNAME loop1"));
        DnsAnswer a = ask(dns, "mail.example.com", RecordType.A);
        assertEquals(List.of("relay.example.com"), a.cnameChain());
        assertEquals(List.of("192.0.2.1"), a.data());
        assertEquals(DnsStatus.ERROR, ask(dns, "loop1.example.com", RecordType.A).status());
    }

    @Test
    void garbageNamesTheEntry() {
        List<List<String>> garbage = List.of(
                List.of("relay IN A 192.0.2.1", "relay IN A 300.1.1.1"),
                List.of("relay IN A 192.0.2.1", "relay IN BOGUS x"),
                List.of("relay IN A 192.0.2.1", "relay IN A 192.0.2.1\nx IN A 192.0.2.2"),
                List.of("relay IN A 192.0.2.1", "$INCLUDE /etc/passwd"),
                List.of("relay IN A 192.0.2.1", "@ IN MX ten relay"),
                List.of("relay IN A 192.0.2.1", "\"unterminated IN TXT"),
                List.of("relay IN A 192.0.2.1", "relay IN AAAA ::ffff:zz"));
        for (List<String> lines : garbage) {
            InvalidRecordException e = assertThrows(InvalidRecordException.class,
                    () -> OfflineDnsLookup.parse("example.com", lines), lines.toString());
            assertEquals(1, e.index(), lines.toString());
            assertTrue(!e.getMessage().isBlank());
        }
        assertThrows(InvalidRecordException.class, () -> OfflineDnsLookup.parse("not a name", List.of()));
        List<String> tooMany = new ArrayList<>(Collections.nCopies(OfflineDnsLookup.MAX_RECORDS + 1, "a IN A 192.0.2.1"));
        assertThrows(InvalidRecordException.class, () -> OfflineDnsLookup.parse("example.com", tooMany));
    }
}
