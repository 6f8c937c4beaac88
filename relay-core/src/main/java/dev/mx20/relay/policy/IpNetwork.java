package dev.mx20.relay.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address block in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, or Postfix's bracketed
 * {@code [2001:db8::]/32}). A bare address is a /32 or /128.
 * IPv4-mapped IPv6 client addresses ({@code ::ffff:192.0.2.1}) match IPv4 blocks: a dual-stack listener reports
 * IPv4 clients that way on some systems.
 *
 * @param base   the network address (host bits cleared)
 * @param prefix the prefix length
 */
public record IpNetwork(InetAddress base, int prefix) {

    public IpNetwork {
        int bits = base.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + base.getHostAddress());
        }
        base = mask(base, prefix);
    }

    /**
     * Parses CIDR notation without DNS lookups (only literal addresses are accepted).
     *
     * @throws IllegalArgumentException when {@code text} is not an address block
     */
    public static IpNetwork parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        InetAddress a = literal(addr);
        if (a == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        int bits = a.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + text + "' has a bad prefix length");
            }
            prefix = Integer.parseInt(p);
        }
        if (prefix > bits) {
            throw new IllegalArgumentException("'" + text + "' has a prefix longer than the address");
        }
        return new IpNetwork(a, prefix);
    }

    /** Parses an IP address literal; returns {@code null} for anything else, never resolving a name. */
    public static InetAddress literal(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        boolean v6 = s.indexOf(':') >= 0;
        if (v6 ? !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
               : !s.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(s); // a literal: InetAddress parses it without any lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** @return whether {@code address} lies inside this block */
    public boolean contains(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.getAddress().length != base.getAddress().length) {
            return false;
        }
        return mask(a, prefix).equals(base);
    }

    /** Converts an IPv4-mapped IPv6 address to its IPv4 address; other addresses are returned unchanged. */
    public static InetAddress unmapped(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return a;
    }

    private static InetAddress mask(InetAddress a, int prefix) {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return a instanceof Inet4Address || b.length == 4 ? InetAddress.getByAddress(b) : Inet6Address.getByAddress(null, b, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return base.getHostAddress() + "/" + prefix;
    }
}
