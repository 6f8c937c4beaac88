package dev.mx20.relay.testdns;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.DClass;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestDnsServerTest {
    private static final String ZONE = """
            $ORIGIN example.com.
            $TTL 300
            @       IN SOA ns1 hostmaster 1 3600 600 86400 300
            @       IN NS  ns1
            @       IN MX  10 v6only
            @       IN MX  20 relay
            ns1     IN A   192.0.2.53
            v6only  IN AAAA 2001:db8::1
            relay   IN A   192.0.2.1
            relay   IN AAAA 2001:db8::20
            alias   IN CNAME relay
            """;

    private static Message ask(SimpleResolver resolver, String name, int type) throws IOException {
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    @Test
    void answersMxAndAaaaOverUdpAndTcp() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start(ZONE)) {
            SimpleResolver udp = dns.resolver();
            List<Record> mx = ask(udp, "example.com.", Type.MX).getSection(Section.ANSWER);
            assertEquals(2, mx.size());
            assertTrue(mx.stream().anyMatch(r -> ((MXRecord) r).getPriority() == 20));

            SimpleResolver tcp = dns.resolver();
            tcp.setTCP(true);
            List<Record> aaaa = ask(tcp, "v6only.example.com.", Type.AAAA).getSection(Section.ANSWER);
            assertEquals("2001:db8:0:0:0:0:0:1", ((AAAARecord) aaaa.get(0)).getAddress().getHostAddress());
        }
    }

    @Test
    void nodataNxdomainCnameAndRefused() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start(ZONE)) {
            SimpleResolver r = dns.resolver();
            Message nodata = ask(r, "v6only.example.com.", Type.A);
            assertEquals(Rcode.NOERROR, nodata.getRcode());
            assertTrue(nodata.getSection(Section.ANSWER).isEmpty());
            assertEquals(Type.SOA, nodata.getSection(Section.AUTHORITY).get(0).getType());

            assertEquals(Rcode.NXDOMAIN, ask(r, "nope.example.com.", Type.A).getRcode());
            assertEquals(2, ask(r, "alias.example.com.", Type.A).getSection(Section.ANSWER).size());
            assertEquals(Rcode.REFUSED, ask(r, "example.org.", Type.A).getRcode());
        }
    }

    @Test
    void injectsServfailAndTimeouts() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start(ZONE)) {
            SimpleResolver r = dns.resolver();
            dns.failWith("relay.example.com", Rcode.SERVFAIL);
            assertEquals(Rcode.SERVFAIL, ask(r, "relay.example.com.", Type.A).getRcode());
            dns.drop("v6only.example.com");
            assertThrows(IOException.class, () -> ask(r, "v6only.example.com.", Type.AAAA));
            dns.heal();
            assertEquals(Rcode.NOERROR, ask(r, "relay.example.com.", Type.A).getRcode());
        }
    }
}
