package dev.mx20.relay.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Host-name syntax and normal form (lower case, no trailing dot), shared by checks, DTOs and lookups. */
public final class DnsNames {
    /** A letter-digit-hyphen label (RFC 1123 §2.1, RFC 5890 A-labels): 1-63 chars, no leading/trailing hyphen. */
    private static final Pattern LDH_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    /** Labels allowed in owner names for service records (_25._tcp, _mta-sts, _dmarc). */
    private static final Pattern SERVICE_LABEL = Pattern.compile("_[a-z0-9-]{1,62}");

    private DnsNames() {
    }

    /** Lower case, surrounding blanks and one trailing dot removed. */
    public static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /**
     * True for a host name usable as a mail domain or MX target: at least two LDH labels, at most 253 characters
     * (RFC 1035 §2.3.4), and not an IP literal. IDNs must be given as A-labels (xn--).
     */
    public static boolean isHostName(String name) {
        if (name == null) {
            return false;
        }
        String n = normalize(name);
        if (n.isEmpty() || n.length() > 253 || IpAddresses.isLiteral(n)) {
            return false;
        }
        String[] labels = n.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LDH_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // the top-level label is never all-numeric (RFC 3696 §2)
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** True for a name a lookup may ask about: host-name labels, plus service labels such as {@code _25._tcp}. */
    public static boolean isQueryable(String name) {
        String n = normalize(name);
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        for (String label : n.split("\\.", -1)) {
            if (!LDH_LABEL.matcher(label).matches() && !SERVICE_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The dnsjava absolute name, or empty when the text is not a queryable name. */
    static Optional<Name> toName(String name) {
        if (name == null || !isQueryable(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Name.fromString(normalize(name) + "."));
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }

    /** True when {@code name} equals {@code domain} or is below it. */
    public static boolean isAtOrBelow(String name, String domain) {
        String n = normalize(name);
        String d = normalize(domain);
        return n.equals(d) || n.endsWith("." + d);
    }

    /** Text form of a dnsjava name in normal form. */
    static String text(Name name) {
        return normalize(name.toString());
    }
}
