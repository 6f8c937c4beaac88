package dev.mx20.relay.testdns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;
import org.xbill.DNS.utils.base32;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small authoritative DNS server for tests, backed by dnsjava's {@link Zone}: it answers UDP and TCP
 * queries on one loopback port from zones written in master-file syntax (RFC 1035 §5), so tests exercise
 * real DNS wire traffic deterministically and offline.
 *
 * <p>DNSSEC: a zone holding RRSIG records (e.g. from {@link SignedZone}) is served with them to queries that
 * set the DO bit (RFC 3225; RFC 4035 §3.1.1), with OPT echoed and the client's EDNS payload size honoured.
 * Negative answers carry the SOA and its signature, plus, when the zone has an NSEC or NSEC3 chain
 * ({@link SignedZone.Denial}), the proof: for NODATA the NSEC/NSEC3 at the name (RFC 4035 §3.1.3.1, RFC 5155
 * §7.2.3); for NXDOMAIN in an NSEC zone the NSEC covering the name and the one covering the wildcard at its
 * closest encloser (RFC 4035 §3.1.3.2). NXDOMAIN proofs from NSEC3 zones are not built. A DS query for the apex
 * of a zone is answered by the parent zone when the server has it (RFC 4035 §3.1.4.1), so a signed parent
 * and its child on one server form a real chain of trust, or a proven insecure delegation.
 *
 * <p>Failure injection: {@link #failWith(String, int)} answers every query for a name with an RCODE
 * (e.g. {@link Rcode#SERVFAIL}); {@link #drop(String)} never answers (the client times out).
 *
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.start("""
 *         $ORIGIN example.com.
 *         @ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300
 *         @ 300 IN NS ns1
 *         @ 300 IN MX 10 v6only
 *         v6only 300 IN AAAA 2001:db8::1
 *         """)) {
 *     SimpleResolver resolver = dns.resolver();
 *     ...
 * }
 * }</pre>
 */
public final class TestDnsServer implements AutoCloseable {
    private final List<Zone> zones;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-dns");
        t.setDaemon(true);
        return t;
    });
    private final Map<Name, Integer> forcedRcodes = new ConcurrentHashMap<>();
    private final Map<Name, Boolean> dropped = new ConcurrentHashMap<>();
    private final AtomicLong queries = new AtomicLong();
    private volatile boolean closed;
    private volatile Nsec3NameErrorProof nsec3Proof = Nsec3NameErrorProof.COMPLETE;

    private TestDnsServer(List<Zone> zones, InetAddress bind) throws IOException {
        this.zones = zones;
        SamePortSockets sockets = SamePortSockets.bind(bind);
        this.tcp = sockets.tcp();
        this.udp = sockets.udp();
        threads.execute(this::serveUdp);
        threads.execute(this::serveTcp);
    }

    /** Starts a server on 127.0.0.1 (an ephemeral port, UDP and TCP) serving the given master-file zones. */
    public static TestDnsServer start(String... masterFiles) throws IOException {
        return start(InetAddress.getLoopbackAddress(), masterFiles);
    }

    /** Starts a server on the given local address serving the given master-file zones (each needs $ORIGIN and a SOA). */
    public static TestDnsServer start(InetAddress bind, String... masterFiles) throws IOException {
        List<Zone> zones = new ArrayList<>();
        for (String text : masterFiles) {
            zones.add(parseZone(text));
        }
        return new TestDnsServer(zones, bind);
    }

    /** Parses one zone in master-file syntax; its origin is taken from its SOA record. */
    public static Zone parseZone(String masterFile) throws IOException {
        List<Record> records = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(masterFile.getBytes(StandardCharsets.UTF_8)))) {
            Record r;
            while ((r = master.nextRecord()) != null) {
                records.add(r);
            }
        }
        Name origin = records.stream().filter(r -> r.getType() == Type.SOA).map(Record::getName).findFirst()
                .orElseThrow(() -> new IOException("zone has no SOA record"));
        return new Zone(origin, records.toArray(new Record[0]));
    }

    /** Reads a master-file zone from a test resource. */
    public static String resource(Class<?> anchor, String path) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The UDP/TCP port the server listens on. */
    public int port() {
        return tcp.getLocalPort();
    }

    /** The address and port to point a resolver at. */
    public InetSocketAddress address() {
        return new InetSocketAddress(tcp.getInetAddress(), port());
    }

    /** A dnsjava resolver pointed at this server, with a short timeout suitable for tests. */
    public SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(address());
        resolver.setTimeout(Duration.ofMillis(800));
        return resolver;
    }

    /** Answers every query for {@code name} with {@code rcode} (e.g. {@link Rcode#SERVFAIL}). */
    public void failWith(String name, int rcode) {
        forcedRcodes.put(absolute(name), rcode);
    }

    /** Never answers queries for {@code name}: the client sees a timeout. */
    public void drop(String name) {
        dropped.put(absolute(name), Boolean.TRUE);
    }

    /** Removes every injected failure. */
    public void heal() {
        forcedRcodes.clear();
        dropped.clear();
        nsec3Proof = Nsec3NameErrorProof.COMPLETE;
    }

    /** What an NXDOMAIN answer of an NSEC3-signed zone carries as its proof (RFC 5155 §7.2.2). */
    public enum Nsec3NameErrorProof {
        /** Closest encloser, next closer and wildcard: a proof that validates. */
        COMPLETE,
        /** No NSEC3 matching the closest encloser. */
        WITHOUT_CLOSEST_ENCLOSER,
        /** No NSEC3 covering the next closer name. */
        WITHOUT_NEXT_CLOSER,
        /** An NSEC3 that does not cover the next closer name in place of one that does. */
        WRONG_NEXT_CLOSER,
        /** No NSEC3 covering the wildcard at the closest encloser: a wildcard could have answered. */
        WITHOUT_WILDCARD
    }

    /** Failure injection: NXDOMAIN answers of NSEC3-signed zones carry this (broken) proof until {@link #heal()}. */
    public void nsec3NameErrorProof(Nsec3NameErrorProof proof) {
        nsec3Proof = proof;
    }

    /** How many queries were received so far. */
    public long queryCount() {
        return queries.get();
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (Exception e) {
            throw new IllegalArgumentException("bad name " + name, e);
        }
    }

    private void serveUdp() {
        byte[] buf = new byte[4096];
        while (!closed) {
            try {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                udp.receive(packet);
                byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] answer = answer(query, 512);
                if (answer != null) {
                    udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                // a bad packet: ignore it, as a real server would
            }
        }
    }

    private void serveTcp() {
        while (!closed) {
            try {
                Socket s = tcp.accept();
                threads.execute(() -> serveTcpConnection(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serveTcpConnection(Socket s) {
        try (s) {
            s.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (!closed) {
                int len = in.readUnsignedShort();
                byte[] query = in.readNBytes(len);
                byte[] answer = answer(query, 65535);
                if (answer == null) {
                    return;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // client went away
        }
    }

    /** Builds the response to one query, or returns {@code null} to stay silent. */
    private byte[] answer(byte[] wire, int maxLength) {
        queries.incrementAndGet();
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response.toWire(maxLength);
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        if (dropped.containsKey(name)) {
            return null;
        }
        Integer forced = forcedRcodes.get(name);
        if (forced != null) {
            response.getHeader().setRcode(forced);
            return response.toWire(maxLength);
        }
        Zone zone = findZone(name, question.getType());
        if (zone == null || question.getDClass() != DClass.IN) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response.toWire(maxLength);
        }
        response.getHeader().setFlag(Flags.AA);
        OPTRecord opt = query.getOPT();
        boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        if (dnssecOk) {
            // RFC 3225 §3: the DO bit is echoed; RFC 6891 §6.2.3: answer up to the requester's payload size.
            response.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
            maxLength = Math.max(maxLength, Math.min(opt.getPayloadSize(), 65535));
        }
        resolveInto(response, zone, name, question.getType(), 0, dnssecOk);
        return response.toWire(maxLength);
    }

    private void resolveInto(Message response, Zone zone, Name name, int type, int depth, boolean dnssecOk) {
        if (type == Type.DS && !name.equals(zone.getOrigin()) && zone.findExactMatch(name, Type.NS) != null) {
            // the parent side of a delegation answers for its DS (RFC 4035 §3.1.4.1), never with a referral
            RRset ds = zone.findExactMatch(name, Type.DS);
            if (ds != null) {
                addWithSigs(response, ds, Section.ANSWER, dnssecOk);
            } else {
                negative(response, zone, name, false, dnssecOk);
            }
            return;
        }
        SetResponse sr = zone.findRecords(name, type);
        if (sr.isSuccessful()) {
            for (RRset set : sr.answers()) {
                set.rrs().forEach(r -> response.addRecord(r, Section.ANSWER));
                if (dnssecOk) {
                    set.sigs().forEach(r -> response.addRecord(r, Section.ANSWER));
                }
            }
        } else if (sr.isCNAME()) {
            response.addRecord(sr.getCNAME(), Section.ANSWER);
            if (dnssecOk) {
                RRset cname = zone.findExactMatch(name, Type.CNAME);
                if (cname != null) {
                    cname.sigs().forEach(r -> response.addRecord(r, Section.ANSWER));
                }
            }
            Name target = sr.getCNAME().getTarget();
            if (depth < 8 && target.subdomain(zone.getOrigin())) {
                resolveInto(response, zone, target, type, depth + 1, dnssecOk);
            }
        } else if (sr.isDelegation()) {
            sr.getNS().rrs().forEach(r -> response.addRecord(r, Section.AUTHORITY));
            response.getHeader().unsetFlag(Flags.AA);
        } else {
            negative(response, zone, name, sr.isNXDOMAIN(), dnssecOk);
        }
    }

    /** NODATA or NXDOMAIN: the SOA in the authority section (RFC 2308 §2), and the denial proof if there is one. */
    private void negative(Message response, Zone zone, Name name, boolean nxdomain, boolean dnssecOk) {
        if (nxdomain) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        response.addRecord(zone.getSOA(), Section.AUTHORITY);
        if (!dnssecOk) {
            return;
        }
        RRset soa = zone.findExactMatch(zone.getOrigin(), Type.SOA);
        if (soa != null) {
            soa.sigs().forEach(r -> response.addRecord(r, Section.AUTHORITY));
        }
        RRset param = zone.findExactMatch(zone.getOrigin(), Type.NSEC3PARAM);
        if (param != null) {
            NSEC3PARAMRecord hashing = (NSEC3PARAMRecord) param.first();
            if (!nxdomain) {
                addWithSigs(response, matchingNsec3(zone, hashing, name), Section.AUTHORITY, true);
            } else {
                nsec3NameError(response, zone, hashing, name);
            }
            return;
        }
        if (!nxdomain) {
            addWithSigs(response, zone.findExactMatch(name, Type.NSEC), Section.AUTHORITY, true);
            return;
        }
        addWithSigs(response, coveringNsec(zone, name), Section.AUTHORITY, true);
        Name encloser = name;
        while (encloser.labels() > zone.getOrigin().labels() && zone.findExactMatch(encloser, Type.NSEC) == null) {
            encloser = new Name(encloser, 1);
        }
        try {
            RRset wildcard = coveringNsec(zone, Name.concatenate(Name.fromConstantString("*"), encloser));
            addWithSigs(response, wildcard, Section.AUTHORITY, true);
        } catch (Exception e) {
            // a name too long for a wildcard label: no wildcard proof
        }
    }

    /**
     * RFC 5155 §7.2.2, the NXDOMAIN proof under NSEC3: the NSEC3 that matches the closest encloser (the longest
     * existing ancestor of {@code name}), the NSEC3 that covers the next closer name (the closest encloser plus one
     * label of {@code name}), and the NSEC3 that covers the wildcard at the closest encloser. {@link #nsec3NameErrorProof}
     * can leave a part out or put a wrong one in, for the validator to call bogus.
     */
    private void nsec3NameError(Message response, Zone zone, NSEC3PARAMRecord hashing, Name name) {
        Name nextCloser = name;
        Name encloser = new Name(name, 1);
        while (!encloser.equals(zone.getOrigin()) && matchingNsec3(zone, hashing, encloser) == null) {
            nextCloser = encloser;
            encloser = new Name(encloser, 1);
        }
        Nsec3NameErrorProof proof = nsec3Proof;
        if (proof != Nsec3NameErrorProof.WITHOUT_CLOSEST_ENCLOSER) {
            addWithSigs(response, matchingNsec3(zone, hashing, encloser), Section.AUTHORITY, true);
        }
        if (proof == Nsec3NameErrorProof.WRONG_NEXT_CLOSER) {
            // the NSEC3 after the covering one: it covers some other span of hashes, not the next closer's
            addWithSigs(response, nextNsec3(zone, coveringNsec3(zone, hashing, nextCloser)), Section.AUTHORITY, true);
        } else if (proof != Nsec3NameErrorProof.WITHOUT_NEXT_CLOSER) {
            addWithSigs(response, coveringNsec3(zone, hashing, nextCloser), Section.AUTHORITY, true);
        }
        if (proof != Nsec3NameErrorProof.WITHOUT_WILDCARD) {
            try {
                Name wildcard = Name.concatenate(Name.fromConstantString("*"), encloser);
                addWithSigs(response, coveringNsec3(zone, hashing, wildcard), Section.AUTHORITY, true);
            } catch (Exception e) {
                // a name too long for a wildcard label: no wildcard proof
            }
        }
    }

    /** The NSEC3 RRset at the hash of {@code name}, or null when the name does not exist (RFC 5155 §7.2.1). */
    private static RRset matchingNsec3(Zone zone, NSEC3PARAMRecord hashing, Name name) {
        String label = hashLabel(hashing, name);
        return label == null ? null : zone.findExactMatch(Name.fromConstantString(label + "." + zone.getOrigin()), Type.NSEC3);
    }

    /**
     * The NSEC3 whose owner hash is the greatest below the hash of {@code name}, or the last one when none is
     * below it: the chain wraps around (RFC 5155 §3.1.7). Base32hex keeps the hashes' order, so labels compare
     * as text.
     */
    private static RRset coveringNsec3(Zone zone, NSEC3PARAMRecord hashing, Name name) {
        String target = hashLabel(hashing, name);
        if (target == null) {
            return null;
        }
        RRset best = null;
        RRset last = null;
        for (RRset set : zone) {
            if (set.getType() != Type.NSEC3) {
                continue;
            }
            String label = set.getName().getLabelString(0).toLowerCase(Locale.ROOT);
            if (last == null || label.compareTo(last.getName().getLabelString(0).toLowerCase(Locale.ROOT)) > 0) {
                last = set;
            }
            if (label.compareTo(target) < 0 && (best == null
                    || label.compareTo(best.getName().getLabelString(0).toLowerCase(Locale.ROOT)) > 0)) {
                best = set;
            }
        }
        return best != null ? best : last;
    }

    /** The NSEC3 RRset after {@code set} in the chain (by its next hashed owner name). */
    private static RRset nextNsec3(Zone zone, RRset set) {
        if (set == null) {
            return null;
        }
        byte[] next = ((NSEC3Record) set.first()).getNext();
        String label = new base32(base32.Alphabet.BASE32HEX, false, false).toString(next).toLowerCase(Locale.ROOT);
        return zone.findExactMatch(Name.fromConstantString(label + "." + zone.getOrigin()), Type.NSEC3);
    }

    private static String hashLabel(NSEC3PARAMRecord hashing, Name name) {
        try {
            return new base32(base32.Alphabet.BASE32HEX, false, false).toString(hashing.hashName(name))
                    .toLowerCase(Locale.ROOT);
        } catch (java.security.NoSuchAlgorithmException e) {
            return null; // no proof then: the validator will call the answer bogus, as it should
        }
    }

    /** The NSEC whose owner is the greatest name before {@code name} in canonical order (RFC 4034 §6.1). */
    private static RRset coveringNsec(Zone zone, Name name) {
        RRset best = null;
        for (RRset set : zone) {
            if (set.getType() == Type.NSEC && set.getName().compareTo(name) < 0
                    && (best == null || set.getName().compareTo(best.getName()) > 0)) {
                best = set;
            }
        }
        return best;
    }

    private static void addWithSigs(Message response, RRset set, int section, boolean dnssecOk) {
        if (set == null || response.findRRset(set.getName(), set.getType(), section)) {
            return;
        }
        set.rrs().forEach(r -> response.addRecord(r, section));
        if (dnssecOk) {
            set.sigs().forEach(r -> response.addRecord(r, section));
        }
    }

    /** The deepest zone holding the name; for DS at a zone's apex, the deepest zone above it (its parent). */
    private Zone findZone(Name name, int type) {
        Zone best = null;
        for (Zone z : zones) {
            boolean parentSide = type == Type.DS && z.getOrigin().equals(name);
            if (name.subdomain(z.getOrigin()) && !parentSide
                    && (best == null || z.getOrigin().labels() > best.getOrigin().labels())) {
                best = z;
            }
        }
        return best != null ? best : findZone(name);
    }

    private Zone findZone(Name name) {
        Zone best = null;
        for (Zone z : zones) {
            if (name.subdomain(z.getOrigin())
                    && (best == null || z.getOrigin().labels() > best.getOrigin().labels())) {
                best = z;
            }
        }
        return best;
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
