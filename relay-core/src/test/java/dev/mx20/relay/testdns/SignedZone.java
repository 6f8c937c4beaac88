package dev.mx20.relay.testdns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Zone;
import org.xbill.DNS.utils.base32;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A zone signed for tests with dnsjava's own signer ({@link DNSSEC#sign}): one ECDSA P-256 key (algorithm 13,
 * RFC 6605) with flags 257 serves as KSK and ZSK, its DNSKEY is added at the apex, and every RRset of the zone
 * gets an RRSIG. The zone's DS (or its DNSKEY) is the trust anchor a validator needs.
 *
 * <p>Authenticated denial: {@link Denial#NSEC} builds an NSEC chain (RFC 4034 §4, RFC 4035 §2.3) and
 * {@link Denial#NSEC3} an NSEC3 chain (RFC 5155 §7.1: SHA-1, no salt, 0 extra iterations as RFC 9276 §3.1 asks,
 * no opt-out), so a signed parent can prove that a delegation has no DS (an insecure child, RFC 4035 §5.2) and
 * {@link TestDnsServer} can prove NODATA and NXDOMAIN. {@link Denial#NONE} (the default) builds neither: negative
 * answers then do not validate (the DANE checks ask about absent TLSA only when another MX publishes some).
 * Delegation NS records and glue below a
 * delegation are not signed (RFC 4035 §2.2) and are left out of the chains' authoritative data.
 *
 * <pre>{@code
 * SignedZone zone = SignedZone.sign(masterFile);
 * try (TestDnsServer dns = TestDnsServer.start(zone.masterFile())) { ... zone.dsAnchor() ... }
 * }</pre>
 */
public final class SignedZone {
    private static final int ECDSAP256SHA256 = DNSSEC.Algorithm.ECDSAP256SHA256;
    private static final int ZONE_KEY_AND_SEP = 257;

    /** Which proof of non-existence the signed zone carries. */
    public enum Denial {
        /** No NSEC or NSEC3 records. */
        NONE,
        /** An NSEC chain over the authoritative names (RFC 4034 §4). */
        NSEC,
        /** An NSEC3 chain over the hashed authoritative names and their empty non-terminals (RFC 5155). */
        NSEC3
    }

    private final Name origin;
    private final List<Record> records;
    private final DNSKEYRecord key;

    private SignedZone(Name origin, List<Record> records, DNSKEYRecord key) {
        this.origin = origin;
        this.records = List.copyOf(records);
        this.key = key;
    }

    /** Signs the zone with signatures valid from an hour ago for thirty days. */
    public static SignedZone sign(String masterFile) throws IOException {
        Instant now = Instant.now();
        return sign(masterFile, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    /** Signs the zone with signatures valid from {@code inception} to {@code expiration} (RFC 4034 §3.1.5). */
    public static SignedZone sign(String masterFile, Instant inception, Instant expiration) throws IOException {
        return sign(masterFile, Denial.NONE, inception, expiration);
    }

    /** Signs the zone, with the given proof of non-existence, valid from an hour ago for thirty days. */
    public static SignedZone sign(String masterFile, Denial denial) throws IOException {
        Instant now = Instant.now();
        return sign(masterFile, denial, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    /** Signs the zone with the given proof of non-existence and signature validity period. */
    public static SignedZone sign(String masterFile, Denial denial, Instant inception, Instant expiration)
            throws IOException {
        Zone zone = TestDnsServer.parseZone(masterFile);
        Name origin = zone.getOrigin();
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = gen.generateKeyPair();
            DNSKEYRecord dnskey = new DNSKEYRecord(origin, DClass.IN, 300, ZONE_KEY_AND_SEP, 3, ECDSAP256SHA256,
                    pair.getPublic());
            zone.addRecord(dnskey);
            List<RRset> sets = new ArrayList<>();
            for (RRset set : zone) {
                if (set.getType() != Type.RRSIG) {
                    sets.add(set);
                }
            }
            List<Name> cuts = sets.stream().filter(set -> set.getType() == Type.NS && !set.getName().equals(origin))
                    .map(RRset::getName).toList();
            long negativeTtl = ((SOARecord) zone.getSOA()).getMinimum();
            List<Record> denialRecords = switch (denial) {
                case NONE -> List.of();
                case NSEC -> nsecChain(origin, sets, cuts, negativeTtl);
                case NSEC3 -> nsec3Chain(origin, sets, cuts, negativeTtl);
            };
            for (Record r : denialRecords) {
                sets.add(new RRset(r));
            }
            List<Record> out = new ArrayList<>();
            for (RRset set : sets) {
                out.addAll(set.rrs());
                if (!isUnsigned(set, origin, cuts)) {
                    out.add(DNSSEC.sign(set, dnskey, pair.getPrivate(), inception, expiration));
                }
            }
            return new SignedZone(origin, out, dnskey);
        } catch (GeneralSecurityException | DNSSEC.DNSSECException e) {
            throw new IOException("cannot sign " + origin, e);
        }
    }

    /** RFC 4035 §2.2: the NS RRset at a delegation and glue below it are not authoritative, so not signed. */
    private static boolean isUnsigned(RRset set, Name origin, List<Name> cuts) {
        for (Name cut : cuts) {
            if (set.getName().equals(cut) && set.getType() == Type.NS) {
                return true;
            }
            if (set.getName().subdomain(cut) && !set.getName().equals(cut)) {
                return true; // glue (occluded data)
            }
        }
        return false;
    }

    /** The types present at each authoritative owner name, in canonical name order (RFC 4034 §6.1). */
    private static TreeMap<Name, TreeSet<Integer>> typesByName(List<RRset> sets, List<Name> cuts) {
        TreeMap<Name, TreeSet<Integer>> types = new TreeMap<>();
        for (RRset set : sets) {
            Name name = set.getName();
            boolean glue = cuts.stream().anyMatch(cut -> name.subdomain(cut) && !name.equals(cut));
            if (!glue) {
                types.computeIfAbsent(name, n -> new TreeSet<>()).add(set.getType());
            }
        }
        return types;
    }

    /**
     * RFC 4035 §2.3: one NSEC per authoritative name, pointing to the next in canonical order (the last to the
     * apex), listing the types there plus NSEC and RRSIG. At a delegation without DS only NS, NSEC, RRSIG are
     * listed: the proof that the child is unsigned (RFC 4035 §5.2).
     */
    private static List<Record> nsecChain(Name origin, List<RRset> sets, List<Name> cuts, long ttl) {
        TreeMap<Name, TreeSet<Integer>> types = typesByName(sets, cuts);
        List<Name> names = new ArrayList<>(types.keySet());
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Name name = names.get(i);
            Name next = i + 1 < names.size() ? names.get(i + 1) : origin;
            TreeSet<Integer> bitmap = new TreeSet<>(types.get(name));
            bitmap.add(Type.NSEC);
            bitmap.add(Type.RRSIG);
            out.add(new NSECRecord(name, DClass.IN, ttl, next, toArray(bitmap)));
        }
        return out;
    }

    /**
     * RFC 5155 §7.1: the apex gets NSEC3PARAM; every authoritative name and every empty non-terminal between it
     * and the apex gets an NSEC3 at its hash, linked in hash order. RRSIG is listed where signed data is.
     */
    private static List<Record> nsec3Chain(Name origin, List<RRset> sets, List<Name> cuts, long ttl)
            throws NoSuchAlgorithmException {
        NSEC3PARAMRecord param = new NSEC3PARAMRecord(origin, DClass.IN, 0, NSEC3Record.SHA1_DIGEST_ID, 0, 0,
                new byte[0]);
        TreeMap<Name, TreeSet<Integer>> types = typesByName(sets, cuts);
        types.get(origin).add(Type.NSEC3PARAM);
        for (Name name : List.copyOf(types.keySet())) {
            for (Name up = parent(name); up != null && up.subdomain(origin) && !up.equals(origin); up = parent(up)) {
                types.computeIfAbsent(up, n -> new TreeSet<>()); // empty non-terminal
            }
        }
        base32 b32 = new base32(base32.Alphabet.BASE32HEX, false, false);
        TreeMap<String, Map.Entry<byte[], TreeSet<Integer>>> byHash = new TreeMap<>();
        for (Map.Entry<Name, TreeSet<Integer>> e : types.entrySet()) {
            byte[] hash = param.hashName(e.getKey());
            TreeSet<Integer> bitmap = new TreeSet<>(e.getValue());
            boolean delegationOnly = cuts.contains(e.getKey()) && !bitmap.contains(Type.DS);
            if (!bitmap.isEmpty() && !delegationOnly) {
                bitmap.add(Type.RRSIG);
            }
            byHash.put(b32.toString(hash).toLowerCase(), Map.entry(hash, bitmap));
        }
        List<Record> out = new ArrayList<>();
        out.add(new NSEC3PARAMRecord(origin, DClass.IN, 0, NSEC3Record.SHA1_DIGEST_ID, 0, 0, new byte[0]));
        List<String> hashes = new ArrayList<>(byHash.keySet());
        for (int i = 0; i < hashes.size(); i++) {
            String label = hashes.get(i);
            byte[] next = byHash.get(hashes.get((i + 1) % hashes.size())).getKey();
            Name owner = Name.fromConstantString(label + "." + origin);
            out.add(new NSEC3Record(owner, DClass.IN, ttl, NSEC3Record.SHA1_DIGEST_ID, 0, 0, new byte[0],
                    Arrays.copyOf(next, next.length), toArray(byHash.get(label).getValue())));
        }
        return out;
    }

    private static Name parent(Name name) {
        return name.labels() <= 1 ? null : new Name(name, 1);
    }

    private static int[] toArray(TreeSet<Integer> types) {
        return types.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The signed zone in master-file syntax, for {@link TestDnsServer#start(String...)}. */
    public String masterFile() {
        StringBuilder out = new StringBuilder();
        records.stream().filter(r -> r.getType() == Type.SOA).forEach(r -> out.append(r).append('\n'));
        records.stream().filter(r -> r.getType() != Type.SOA).forEach(r -> out.append(r).append('\n'));
        return out.toString();
    }

    /** The zone's origin. */
    public Name origin() {
        return origin;
    }

    /** The zone's DS record (SHA-256 digest, RFC 4509) as a master-file line: the trust anchor. */
    public String dsAnchor() {
        return new DSRecord(origin, DClass.IN, 300, DNSSEC.Digest.SHA256, key).toString();
    }

    /** The zone's DNSKEY as a master-file line: a trust anchor too. */
    public String dnskeyAnchor() {
        return key.toString();
    }

    /**
     * The same zone with the signature over {@code name}/{@code type} damaged (one bit flipped): what a validator
     * must call bogus.
     */
    public SignedZone tamper(String name, int type) throws IOException {
        Name owner = Name.fromString(name.endsWith(".") ? name : name + ".");
        List<Record> out = new ArrayList<>();
        boolean found = false;
        for (Record r : records) {
            if (r instanceof RRSIGRecord sig && sig.getName().equals(owner) && sig.getTypeCovered() == type) {
                byte[] signature = sig.getSignature().clone();
                signature[signature.length / 2] ^= 0x01;
                out.add(new RRSIGRecord(sig.getName(), sig.getDClass(), sig.getTTL(), sig.getTypeCovered(),
                        sig.getAlgorithm(), sig.getOrigTTL(), sig.getExpire(), sig.getTimeSigned(), sig.getFootprint(),
                        sig.getSigner(), signature));
                found = true;
            } else {
                out.add(r);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no signature over " + name + " " + Type.string(type));
        }
        return new SignedZone(origin, out, key);
    }
}
