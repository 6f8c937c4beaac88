package dev.mx20.relay.dns;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AnswerSectionTrim}: answers shaped like NSD's (NS in the authority section, addresses in the additional
 * one) are cut and read exactly as the whole answer; everything a lookup could read differently is left whole;
 * garbage and truncations never throw.
 */
class AnswerSectionTrimTest {
    private static final Name ZONE = name("bench.example.");
    private static final Name NS1 = name("ns1.bench.example.");

    private static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static InetAddress ip(String s) throws IOException {
        return InetAddress.getByName(s);
    }

    /** A response to (qname, qtype) as an authoritative server sends it, with EDNS. */
    private static Message response(Name qname, int qtype, int rcode, Record... answers) throws IOException {
        Message m = new Message(0x4d58);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        m.getHeader().setRcode(rcode);
        m.addRecord(Record.newRecord(qname, qtype, DClass.IN), Section.QUESTION);
        for (Record r : answers) {
            m.addRecord(r, Section.ANSWER);
        }
        return m;
    }

    private static Message withNsAndGlue(Message m, Name zone) throws IOException {
        m.addRecord(new NSRecord(zone, DClass.IN, 300, NS1), Section.AUTHORITY);
        m.addRecord(new AAAARecord(NS1, DClass.IN, 300, ip("2001:db8::53")), Section.ADDITIONAL);
        m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        return m;
    }

    private static byte[] cut(byte[] wire) {
        ByteBuffer in = ByteBuffer.allocateDirect(wire.length + 7);
        in.put(new byte[3]).put(wire).put(new byte[4]);
        in.position(3).limit(3 + wire.length);
        byte[] out = AnswerSectionTrim.answerOnly(in);
        assertEquals(3, in.position(), "position left as it was");
        assertEquals(3 + wire.length, in.limit(), "limit left as it was");
        return out;
    }

    /** What the lookup reads from a response: its header fields, its question and the resulting answer. */
    private static String readByLookup(Message m, RecordType type) {
        Record q = m.getQuestion();
        DnsAnswer a = Answers.fromResponse(q.getName(), type, m.getRcode(), m.getSection(Section.ANSWER),
                m.getSection(Section.AUTHORITY));
        return m.getHeader().getID() + " " + m.getHeader().getFlag(Flags.QR) + " " + m.getHeader().getFlag(Flags.TC)
                + " " + m.getRcode() + " " + q + " " + a + " ttl=" + a.ttl();
    }

    private static void assertCutReadsTheSame(Message m, RecordType type) throws IOException {
        byte[] wire = m.toWire();
        byte[] cut = cut(wire);
        assertNotNull(cut, "cut");
        assertTrue(cut.length < wire.length);
        Message shorter = new Message(cut);
        assertTrue(shorter.getSection(Section.AUTHORITY).isEmpty());
        assertTrue(shorter.getSection(Section.ADDITIONAL).isEmpty());
        assertEquals(readByLookup(new Message(wire), type), readByLookup(shorter, type));
    }

    @Test
    void mxAnswerWithNsAndTargetAddressesIsCutAndReadTheSame() throws IOException {
        Name d = name("d5.bench.example.");
        Message m = withNsAndGlue(response(d, Type.MX, Rcode.NOERROR,
                new MXRecord(d, DClass.IN, 300, 10, name("v6only.d5.bench.example.")),
                new MXRecord(d, DClass.IN, 300, 20, name("relay.d5.bench.example."))), ZONE);
        m.addRecord(new AAAARecord(name("v6only.d5.bench.example."), DClass.IN, 300, ip("2001:db8:0:5::1")),
                Section.ADDITIONAL);
        m.addRecord(new ARecord(name("relay.d5.bench.example."), DClass.IN, 300, ip("192.0.2.6")), Section.ADDITIONAL);
        assertCutReadsTheSame(m, RecordType.MX);
    }

    @Test
    void ptrAnswerUnderIp6ArpaIsCutAndReadTheSame() throws IOException {
        Name ptr = name(IpAddresses.reverseName("2001:db8:0:5::20") + ".");
        Message m = withNsAndGlue(response(ptr, Type.PTR, Rcode.NOERROR,
                new PTRRecord(ptr, DClass.IN, 300, name("relay.d5.bench.example."))), name("8.b.d.0.1.0.0.2.ip6.arpa."));
        assertCutReadsTheSame(m, RecordType.PTR);
        Name host = name("relay.d5.bench.example.");
        assertCutReadsTheSame(withNsAndGlue(response(host, Type.AAAA, Rcode.NOERROR,
                new AAAARecord(host, DClass.IN, 300, ip("2001:db8:0:5::20")),
                new AAAARecord(host, DClass.IN, 60, ip("2001:db8:0:5::21"))), ZONE), RecordType.AAAA);
    }

    @Test
    void whatTheLookupMightReadIsLeftWhole() throws IOException {
        Name host = name("mx.bench.example.");
        SOARecord soa = new SOARecord(ZONE, DClass.IN, 300, NS1, name("hostmaster.bench.example."), 1, 3600, 600,
                86400, 120);
        // negative answers: the SOA gives their TTL
        Message nxdomain = response(host, Type.AAAA, Rcode.NXDOMAIN);
        nxdomain.addRecord(soa, Section.AUTHORITY);
        assertNull(cut(nxdomain.toWire()));
        Message nodata = response(host, Type.AAAA, Rcode.NOERROR);
        nodata.addRecord(soa, Section.AUTHORITY);
        assertNull(cut(nodata.toWire()));
        // an alias: the chain may end outside the answer, a NODATA whose SOA counts
        Message alias = withNsAndGlue(response(host, Type.AAAA, Rcode.NOERROR,
                new CNAMERecord(host, DClass.IN, 300, name("other.bench.example."))), ZONE);
        alias.addRecord(soa, Section.AUTHORITY);
        assertNull(cut(alias.toWire()));
        // a record of another type or owner in the answer section
        Message mixed = withNsAndGlue(response(host, Type.AAAA, Rcode.NOERROR,
                new AAAARecord(host, DClass.IN, 300, ip("2001:db8::1")),
                new ARecord(host, DClass.IN, 300, ip("192.0.2.1"))), ZONE);
        assertNull(cut(mixed.toWire()));
        Message otherOwner = withNsAndGlue(response(host, Type.AAAA, Rcode.NOERROR,
                new AAAARecord(name("elsewhere.bench.example."), DClass.IN, 300, ip("2001:db8::1"))), ZONE);
        assertNull(cut(otherOwner.toWire()));
        // RFC 6891 §6.1.3: extended RCODE bits in the OPT record (BADVERS = 16) change the RCODE read
        Message badvers = response(host, Type.AAAA, Rcode.NOERROR, new AAAARecord(host, DClass.IN, 300,
                ip("2001:db8::1")));
        badvers.addRecord(new OPTRecord(1232, 1, 0), Section.ADDITIONAL);
        assertNull(cut(badvers.toWire()));
        // truncated: asked again over TCP anyway
        Message tc = withNsAndGlue(response(host, Type.AAAA, Rcode.NOERROR, new AAAARecord(host, DClass.IN, 300,
                ip("2001:db8::1"))), ZONE);
        tc.getHeader().setFlag(Flags.TC);
        assertNull(cut(tc.toWire()));
        // nothing to cut
        assertNull(cut(response(host, Type.AAAA, Rcode.NOERROR, new AAAARecord(host, DClass.IN, 300,
                ip("2001:db8::1"))).toWire()));
    }

    @Test
    void garbageAndTruncationsNeverThrowAndACutAlwaysReadsAsTheWhole() throws IOException {
        Name d = name("d7.bench.example.");
        Message m = withNsAndGlue(response(d, Type.MX, Rcode.NOERROR,
                new MXRecord(d, DClass.IN, 300, 10, name("v6only.d7.bench.example."))), ZONE);
        byte[] wire = m.toWire();
        for (int len = 0; len < wire.length; len++) {
            byte[] prefix = java.util.Arrays.copyOf(wire, len);
            assertNull(cut(prefix), "a truncated answer is not cut: " + len + " bytes");
        }
        Random random = new Random(5452);
        int cuts = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bent = wire.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bent[random.nextInt(bent.length)] = (byte) random.nextInt(256);
            }
            byte[] cut = cut(bent);
            if (cut == null) {
                continue;
            }
            cuts++;
            assertArrayEquals(java.util.Arrays.copyOf(bent, 8), java.util.Arrays.copyOf(cut, 8), "header kept");
            Message whole;
            try {
                whole = new Message(bent);
            } catch (IOException | RuntimeException e) {
                continue; // a broken authority or additional record: the cut is read where the whole was not
            }
            Message shorter;
            try {
                shorter = new Message(cut);
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("the cut of a readable answer must be readable", e);
            }
            RecordType type = RecordType.MX;
            try {
                assertEquals(readByLookup(whole, type), readByLookup(shorter, type));
            } catch (RuntimeException e) {
                // the question itself is unreadable for the lookup; the same for both
                assertThrowsToo(() -> readByLookup(shorter, type));
            }
        }
        assertTrue(cuts > 100, "the walk accepted " + cuts + " of the bent answers");
        for (int i = 0; i < 5_000; i++) {
            byte[] noise = new byte[random.nextInt(600)];
            random.nextBytes(noise);
            cut(noise); // must not throw
        }
    }

    private static void assertThrowsToo(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException expected) {
            return;
        }
        throw new AssertionError("read by the lookup from the cut but not from the whole");
    }
}
