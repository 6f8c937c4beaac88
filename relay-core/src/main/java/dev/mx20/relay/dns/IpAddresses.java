package dev.mx20.relay.dns;

import org.xbill.DNS.Address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP literal parsing (never touches the DNS), RFC 5952 text form, scope classification and reverse names.
 */
public final class IpAddresses {
    private static final String HEX_DIGITS = "0123456789abcdef";

    private IpAddresses() {
    }

    /** Parses an IPv4 or IPv6 literal; empty when {@code text} is not one (no DNS lookup is ever made). */
    public static Optional<byte[]> parse(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            return Optional.empty();
        }
        String t = text.strip();
        byte[] v4 = Address.toByteArray(t, Address.IPv4);
        if (v4 != null) {
            return Optional.of(v4);
        }
        return Optional.ofNullable(Address.toByteArray(t, Address.IPv6));
    }

    /** True when {@code text} is an IPv4 literal. */
    public static boolean isIpv4(String text) {
        return parse(text).map(b -> b.length == 4).orElse(false);
    }

    /** True when {@code text} is an IPv6 literal. */
    public static boolean isIpv6(String text) {
        return parse(text).map(b -> b.length == 16).orElse(false);
    }

    /** True when {@code text} is an IP literal of either family. */
    public static boolean isLiteral(String text) {
        return parse(text).isPresent();
    }

    /** The canonical text of an address literal: dotted quad, or RFC 5952 §4 for IPv6; empty if not a literal. */
    public static Optional<String> canonical(String text) {
        return parse(text).map(IpAddresses::format);
    }

    /**
     * Formats raw address bytes (4 or 16): IPv6 lower case, longest zero run (two groups or more) as "::"; an
     * IPv4-mapped address in mixed notation, {@code ::ffff:192.0.2.1} (RFC 5952 §5), so the IPv4 address in it
     * can be read.
     */
    public static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        if (isMapped(b)) {
            return "::ffff:" + format(java.util.Arrays.copyOfRange(b, 12, 16));
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) { // first longest run wins (RFC 5952 §4.2.3)
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) { // a single zero group is not shortened (RFC 5952 §4.2.2)
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** ::ffff:0:0/96 (RFC 4291 §2.5.5.2). */
    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    /** Formats an address in canonical text. */
    public static String format(InetAddress address) {
        return format(address.getAddress());
    }

    /** Classifies a literal; {@link AddressScope#RESERVED} for anything that is not a literal. */
    public static AddressScope scope(String text) {
        return parse(text).map(IpAddresses::scope).orElse(AddressScope.RESERVED);
    }

    /** Classifies raw address bytes (4 or 16). */
    public static AddressScope scope(byte[] b) {
        if (b.length == 4) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            int a2 = b[2] & 0xff;
            if (a0 == 127) {
                return AddressScope.LOOPBACK;
            }
            if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)
                    || (a0 == 100 && a1 >= 64 && a1 <= 127)) {
                return AddressScope.PRIVATE;
            }
            if (a0 == 169 && a1 == 254) {
                return AddressScope.LINK_LOCAL;
            }
            if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
                    || (a0 == 203 && a1 == 0 && a2 == 113)) {
                return AddressScope.DOCUMENTATION;
            }
            if (a0 == 0 || a0 >= 224 || (a0 == 192 && a1 == 0 && a2 == 0) || (a0 == 198 && (a1 == 18 || a1 == 19))) {
                return AddressScope.RESERVED;
            }
            return AddressScope.PUBLIC;
        }
        boolean allZeroButLast = true;
        for (int i = 0; i < 15; i++) {
            allZeroButLast &= b[i] == 0;
        }
        if (allZeroButLast && b[15] == 1) {
            return AddressScope.LOOPBACK;
        }
        if (allZeroButLast && b[15] == 0) {
            return AddressScope.RESERVED;
        }
        boolean mappedPrefix = true;
        for (int i = 0; i < 10; i++) {
            mappedPrefix &= b[i] == 0;
        }
        if (mappedPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return AddressScope.MAPPED;
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if ((b0 & 0xfe) == 0xfc) {
            return AddressScope.UNIQUE_LOCAL;
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return AddressScope.LINK_LOCAL;
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return AddressScope.DOCUMENTATION;
        }
        if (b0 == 0xff) {
            return AddressScope.RESERVED; // multicast
        }
        if ((b0 & 0xe0) != 0x20) {
            return AddressScope.RESERVED; // outside 2000::/3, the only global unicast space allocated (RFC 4291 §2.4)
        }
        return AddressScope.PUBLIC;
    }

    /** The reverse-mapping name (in-addr.arpa / ip6.arpa, RFC 1035 §3.5, RFC 3596 §2.5), without trailing dot. */
    public static String reverseName(String literal) {
        byte[] b = parse(literal).orElseThrow(() -> new IllegalArgumentException("not an IP literal: " + literal));
        // written out directly: dnsjava's ReverseMap builds a Name label by label (copying it each time), and the
        // caller wants text; a batch check asks this for every address it finds
        StringBuilder n = new StringBuilder(b.length == 4 ? 29 : 72);
        if (b.length == 4) {
            for (int i = 3; i >= 0; i--) {
                n.append(b[i] & 0xff).append('.');
            }
            return n.append("in-addr.arpa").toString();
        }
        for (int i = 15; i >= 0; i--) {
            n.append(HEX_DIGITS.charAt(b[i] & 0xf)).append('.').append(HEX_DIGITS.charAt((b[i] >> 4) & 0xf)).append('.');
        }
        return n.append("ip6.arpa").toString();
    }

    /** Converts a literal to an {@link InetAddress} without any lookup. */
    public static Optional<InetAddress> toInet(String literal) {
        return parse(literal).map(b -> {
            try {
                return InetAddress.getByAddress(b);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
            }
        });
    }

    /** True for an IPv4 address object. */
    public static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    /** True for an IPv6 address object. */
    public static boolean isV6(InetAddress a) {
        return a instanceof Inet6Address;
    }
}
