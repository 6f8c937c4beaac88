package dev.mx20.relay.validate.dnssec;

import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * DNSSEC trust anchors: DS or DNSKEY records in master-file syntax (RFC 1035 §5), the form dnsjava's
 * {@code ValidatingResolver} loads. Validation starts from these; a name under no anchor is insecure.
 *
 * @param masterFile the records, one per line (absolute owner names)
 * @param owners     the zones they anchor, for messages (e.g. {@code "."})
 */
public record TrustAnchors(String masterFile, List<String> owners) {
    /**
     * The IANA root zone KSKs as DS records, from https://data.iana.org/root-anchors/root-anchors.xml: KSK-2017
     * (key tag 20326) and KSK-2024 (38696), both RSA/SHA-256 (algorithm 8) with SHA-256 digests.
     */
    public static final String IANA_ROOT = """
            . IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
            . IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
            """;

    public TrustAnchors {
        owners = List.copyOf(owners);
    }

    /** The IANA root anchors (the default). */
    public static TrustAnchors ianaRoot() {
        return parse(IANA_ROOT);
    }

    /**
     * Parses anchors given as DS or DNSKEY records.
     *
     * @throws IllegalArgumentException when the text does not parse, holds another record type, or holds none
     */
    public static TrustAnchors parse(String masterFile) {
        if (masterFile == null || masterFile.isBlank()) {
            throw new IllegalArgumentException("no trust anchor records");
        }
        List<Record> records = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(masterFile.getBytes(StandardCharsets.UTF_8)),
                Name.root, 0)) {
            Record r;
            while ((r = master.nextRecord()) != null) {
                records.add(r);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("trust anchor does not parse: " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no trust anchor records");
        }
        Set<String> owners = new LinkedHashSet<>();
        for (Record r : records) {
            if (r.getType() != Type.DS && r.getType() != Type.DNSKEY) {
                throw new IllegalArgumentException("a trust anchor is a DS or DNSKEY record, not "
                        + Type.string(r.getType()) + ": " + r);
            }
            owners.add(r.getName().toString());
        }
        return new TrustAnchors(masterFile, List.copyOf(owners));
    }

    /** The records as bytes, for {@code ValidatingResolver.loadTrustAnchors}. */
    byte[] bytes() {
        return masterFile.getBytes(StandardCharsets.UTF_8);
    }
}
