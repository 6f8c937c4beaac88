package dev.mx20.relay.dns;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * CPU-time A/B of decoding one answer the way {@link UdpExchange} and {@link LiveDnsLookup} do, whole
 * ({@code new Message}) against cut to its answer section first ({@link AnswerSectionTrim}), then read into a
 * {@link DnsAnswer} ({@link Answers#fromResponse}). The answers have the shape NSD gives the readiness benchmark
 * (authority NS, additional addresses and OPT): one MX, two AAAA, one A and three PTR answers per domain, as the
 * checker asks. Both variants run interleaved in one JVM on one thread and are timed by thread CPU time, so a
 * loaded machine slows both alike; the bytes each allocates per answer do not depend on the load at all. Not a
 * unit test; run with the test classpath:
 * {@code java -cp relay-core/target/test-classes:relay-core/target/classes:<deps> dev.mx20.relay.dns.AnswerDecodeAbMain [rounds]}.
 */
public final class AnswerDecodeAbMain {
    private AnswerDecodeAbMain() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<byte[]> answers = nsdShapedAnswers();
        ByteBuffer in = ByteBuffer.allocateDirect(Message.MAXLENGTH);
        com.sun.management.ThreadMXBean cpu = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        double[] bytesPerAnswer = new double[2];
        int perRound = 100_000;
        long[] sums = new long[2];
        double[][] nsPerAnswer = new double[2][rounds];
        for (int r = -5; r < rounds; r++) { // 5 rounds of warm-up
            for (int v = 0; v < 2; v++) {
                int variant = (r & 1) == 0 ? v : 1 - v; // alternate which goes first
                long start = cpu.getCurrentThreadCpuTime();
                long allocated = cpu.getThreadAllocatedBytes(self);
                long sink = 0;
                for (int i = 0; i < perRound; i++) {
                    byte[] wire = answers.get(i % answers.size());
                    in.clear();
                    in.put(wire).flip();
                    sink += decode(in, variant == 1).data().size();
                }
                long ns = cpu.getCurrentThreadCpuTime() - start;
                bytesPerAnswer[variant] = (double) (cpu.getThreadAllocatedBytes(self) - allocated) / perRound;
                sums[variant] += sink;
                if (r >= 0) {
                    nsPerAnswer[variant][r] = (double) ns / perRound;
                }
            }
        }
        System.out.printf("whole: %s ns per answer, %.0f bytes allocated per answer%n", spread(nsPerAnswer[0]),
                bytesPerAnswer[0]);
        System.out.printf("cut:   %s ns per answer, %.0f bytes allocated per answer%n", spread(nsPerAnswer[1]),
                bytesPerAnswer[1]);
        System.out.printf("(median [min-max] of %d rounds of %d answers; check %d = %d)%n", rounds, perRound, sums[0],
                sums[1]);
    }

    private static DnsAnswer decode(ByteBuffer in, boolean cut) throws Exception {
        byte[] answerOnly = cut ? AnswerSectionTrim.answerOnly(in) : null;
        Message m = answerOnly != null ? new Message(answerOnly) : new Message(in);
        Record q = m.getQuestion();
        return Answers.fromResponse(q.getName(), DnsNames.text(q.getName()), RecordType.valueOf(Type.string(q.getType())),
                m.getRcode(), m.getSection(Section.ANSWER), m.getSection(Section.AUTHORITY));
    }

    private static String spread(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return String.format("%.0f [%.0f-%.0f]", s[s.length / 2], s[0], s[s.length - 1]);
    }

    private static List<byte[]> nsdShapedAnswers() throws Exception {
        Name zone = Name.fromString("bench.example.");
        Name ns1 = Name.fromString("ns1.bench.example.");
        Name d = Name.fromString("d4711.bench.example.");
        Name v6only = Name.fromString("v6only.d4711.bench.example.");
        Name relay = Name.fromString("relay.d4711.bench.example.");
        InetAddress a6 = InetAddress.getByName("2001:db8:0:1267::1");
        InetAddress r6 = InetAddress.getByName("2001:db8:0:1267::20");
        InetAddress r4 = InetAddress.getByName("192.0.2.140");
        Name ip6 = Name.fromString("8.b.d.0.1.0.0.2.ip6.arpa.");
        Name in4 = Name.fromString("2.0.192.in-addr.arpa.");
        byte[] mx = answer(d, Type.MX, zone, ns1, new Record[]{
                new MXRecord(d, DClass.IN, 300, 10, v6only), new MXRecord(d, DClass.IN, 300, 20, relay)},
                new AAAARecord(v6only, DClass.IN, 300, a6), new AAAARecord(relay, DClass.IN, 300, r6),
                new ARecord(relay, DClass.IN, 300, r4));
        byte[] aaaa1 = answer(v6only, Type.AAAA, zone, ns1, new Record[]{new AAAARecord(v6only, DClass.IN, 300, a6)});
        byte[] aaaa2 = answer(relay, Type.AAAA, zone, ns1, new Record[]{new AAAARecord(relay, DClass.IN, 300, r6)});
        byte[] a = answer(relay, Type.A, zone, ns1, new Record[]{new ARecord(relay, DClass.IN, 300, r4)});
        Name p1 = Name.fromString(IpAddresses.reverseName("2001:db8:0:1267::1") + ".");
        Name p2 = Name.fromString(IpAddresses.reverseName("2001:db8:0:1267::20") + ".");
        Name p3 = Name.fromString(IpAddresses.reverseName("192.0.2.140") + ".");
        byte[] ptr1 = answer(p1, Type.PTR, ip6, ns1, new Record[]{new PTRRecord(p1, DClass.IN, 300, v6only)});
        byte[] ptr2 = answer(p2, Type.PTR, ip6, ns1, new Record[]{new PTRRecord(p2, DClass.IN, 300, relay)});
        byte[] ptr3 = answer(p3, Type.PTR, in4, ns1, new Record[]{new PTRRecord(p3, DClass.IN, 300, relay)});
        return List.of(mx, aaaa1, aaaa2, a, ptr1, ptr2, ptr3);
    }

    /** An authoritative answer with the zone's NS in the authority section and its address, extras and OPT. */
    private static byte[] answer(Name qname, int type, Name zone, Name ns1, Record[] answers, Record... extra)
            throws Exception {
        Message m = new Message(0x1234);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        m.addRecord(Record.newRecord(qname, type, DClass.IN), Section.QUESTION);
        for (Record r : answers) {
            m.addRecord(r, Section.ANSWER);
        }
        m.addRecord(new NSRecord(zone, DClass.IN, 300, ns1), Section.AUTHORITY);
        for (Record r : extra) {
            m.addRecord(r, Section.ADDITIONAL);
        }
        m.addRecord(new AAAARecord(ns1, DClass.IN, 300, InetAddress.getByName("2001:db8::53")), Section.ADDITIONAL);
        m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        return m.toWire();
    }
}
