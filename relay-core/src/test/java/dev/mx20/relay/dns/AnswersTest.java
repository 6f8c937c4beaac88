package dev.mx20.relay.dns;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rendering answer records into {@link DnsAnswer} text. */
class AnswersTest {
    private static Record aaaa(Name owner, byte[] sixteen) throws Exception {
        // InetAddress.getByAddress would hand back an Inet4Address for a mapped address: build the record from
        // the raw RDATA, as it arrives on the wire
        return Record.newRecord(owner, org.xbill.DNS.Type.AAAA, DClass.IN, 300, sixteen);
    }

    @Test
    void aaaaRecordsAreRenderedCanonicallyAndMappedAddressesStayIpv6() throws Exception {
        Name owner = Name.fromString("mx.example.");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[14] = 2;
        mapped[15] = 1;
        List<Record> records = List.of(
                new AAAARecord(owner, DClass.IN, 300, InetAddress.getByName("2001:DB8:0:0:0:0:0:1")),
                new AAAARecord(owner, DClass.IN, 300, InetAddress.getByName("2001:db8:0:0:1:0:0:1")),
                new AAAARecord(owner, DClass.IN, 300, InetAddress.getByName("2001:db8:0:1:0:1:0:1")),
                aaaa(owner, mapped),
                new ARecord(owner, DClass.IN, 300, InetAddress.getByName("192.0.2.7")));
        DnsAnswer answer = Answers.fromResponse(owner, RecordType.AAAA, Rcode.NOERROR, records);
        // RFC 5952 §4: lower case, the first longest zero run as "::", a single zero group kept; §5: mapped
        assertEquals(List.of("2001:db8::1", "2001:db8::1:0:0:1", "2001:db8:0:1:0:1:0:1", "::ffff:192.0.2.1"),
                answer.data());
        assertEquals(List.of("192.0.2.7"),
                Answers.fromResponse(owner, RecordType.A, Rcode.NOERROR, records).data());
    }
}
