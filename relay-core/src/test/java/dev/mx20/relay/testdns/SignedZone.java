package dev.mx20.relay.testdns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone signed for tests with dnsjava's own signer ({@link DNSSEC#sign}): one ECDSA P-256 key (algorithm 13,
 * RFC 6605) with flags 257 serves as KSK and ZSK, its DNSKEY is added at the apex, and every RRset of the zone
 * gets an RRSIG. The zone's DS (or its DNSKEY) is the trust anchor a validator needs.
 *
 * <p>Limits, on purpose: no NSEC/NSEC3 chain is built, so negative answers from the zone do not validate (the
 * DANE checks only ask about data that exists), and delegations inside the zone are signed like other data.
 *
 * <pre>{@code
 * SignedZone zone = SignedZone.sign(masterFile);
 * try (TestDnsServer dns = TestDnsServer.start(zone.masterFile())) { ... zone.dsAnchor() ... }
 * }</pre>
 */
public final class SignedZone {
    private static final int ECDSAP256SHA256 = DNSSEC.Algorithm.ECDSAP256SHA256;
    private static final int ZONE_KEY_AND_SEP = 257;

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
        Zone zone = TestDnsServer.parseZone(masterFile);
        Name origin = zone.getOrigin();
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = gen.generateKeyPair();
            DNSKEYRecord dnskey = new DNSKEYRecord(origin, DClass.IN, 300, ZONE_KEY_AND_SEP, 3, ECDSAP256SHA256,
                    pair.getPublic());
            zone.addRecord(dnskey);
            List<Record> out = new ArrayList<>();
            for (RRset set : zone) {
                if (set.getType() == Type.RRSIG) {
                    continue;
                }
                out.addAll(set.rrs());
                out.add(DNSSEC.sign(set, dnskey, pair.getPrivate(), inception, expiration));
            }
            return new SignedZone(origin, out, dnskey);
        } catch (GeneralSecurityException | DNSSEC.DNSSECException e) {
            throw new IOException("cannot sign " + origin, e);
        }
    }

    /** The signed zone in master-file syntax, for {@link TestDnsServer#start(String...)}. */
    public String masterFile() {
        StringBuilder out = new StringBuilder();
        records.stream().filter(r -> r.getType() == Type.SOA).forEach(r -> out.append(r).append('\n'));
        records.stream().filter(r -> r.getType() != Type.SOA).forEach(r -> out.append(r).append('\n'));
        return out.toString();
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
