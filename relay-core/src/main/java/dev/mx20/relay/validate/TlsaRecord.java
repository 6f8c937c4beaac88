package dev.mx20.relay.validate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One TLSA record (RFC 6698 §2.1) and how it matches a presented certificate chain under the SMTP rules of RFC
 * 7672 §3.1 and RFC 7671 §5: usage 3 (DANE-EE) matches the server's own certificate, usage 2 (DANE-TA) any
 * certificate of the chain above it; usages 0 and 1 (PKIX-TA, PKIX-EE) are not usable for SMTP (RFC 7672 §3.1.3).
 * Selector 0 hashes the whole certificate, 1 its SubjectPublicKeyInfo; matching type 0 compares exactly, 1 by
 * SHA-256, 2 by SHA-512.
 *
 * @param usage        certificate usage, 0-3
 * @param selector     0 (certificate) or 1 (public key)
 * @param matchingType 0 (exact), 1 (SHA-256), 2 (SHA-512)
 * @param data         the certificate association data
 */
record TlsaRecord(int usage, int selector, int matchingType, byte[] data) {
    /** Parses RDATA in presentation form, "3 1 1 ab12..."; empty when it is not one. */
    static Optional<TlsaRecord> parse(String rdata) {
        if (rdata == null) {
            return Optional.empty();
        }
        String[] p = rdata.strip().split("\\s+", 4);
        if (p.length != 4) {
            return Optional.empty();
        }
        try {
            int usage = Integer.parseInt(p[0]);
            int selector = Integer.parseInt(p[1]);
            int matching = Integer.parseInt(p[2]);
            if (usage < 0 || usage > 255 || selector < 0 || selector > 255 || matching < 0 || matching > 255) {
                return Optional.empty();
            }
            byte[] data = HexFormat.of().parseHex(p[3].replaceAll("\\s+", "").toLowerCase(Locale.ROOT));
            return data.length == 0 ? Optional.empty() : Optional.of(new TlsaRecord(usage, selector, matching, data));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True for the usages, selectors and matching types an SMTP client can use (RFC 7672 §3.1). */
    boolean usableForSmtp() {
        return (usage == 2 || usage == 3) && (selector == 0 || selector == 1) && matchingType >= 0 && matchingType <= 2;
    }

    /** True when this record matches the chain (server certificate first) as an SMTP client applies it. */
    boolean matches(List<X509Certificate> chain) {
        if (!usableForSmtp() || chain.isEmpty()) {
            return false;
        }
        // RFC 7672 §3.1.1: DANE-EE matches the leaf only, names and dates are not checked.
        // RFC 7671 §5.2.2: DANE-TA matches a certificate the server sends above its own.
        List<X509Certificate> candidates = usage == 3 ? chain.subList(0, 1) : chain.subList(1, chain.size());
        for (X509Certificate c : candidates) {
            try {
                byte[] selected = selector == 0 ? c.getEncoded() : c.getPublicKey().getEncoded();
                if (MessageDigest.isEqual(data, digest(selected))) {
                    return true;
                }
            } catch (CertificateEncodingException e) {
                // an unencodable certificate matches nothing
            }
        }
        return false;
    }

    private byte[] digest(byte[] selected) {
        try {
            return switch (matchingType) {
                case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
                case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
                default -> selected;
            };
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256 and SHA-512", e);
        }
    }

    @Override
    public String toString() {
        return usage + " " + selector + " " + matchingType + " " + HexFormat.of().formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsaRecord t && t.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
