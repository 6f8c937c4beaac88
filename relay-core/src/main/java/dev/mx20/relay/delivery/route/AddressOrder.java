package dev.mx20.relay.delivery.route;

import dev.mx20.relay.delivery.AddressPreference;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The relay's own address ordering. Java's resolver order depends on {@code java.net.preferIPv6Addresses}
 * (IPv4 first by default), so nothing here trusts it.
 */
public final class AddressOrder {
    private AddressOrder() {
    }

    /**
     * Orders one host's addresses by family (RFC 3974 §3: all addresses of a host before the next host),
     * keeping DNS order within a family.
     */
    public static List<InetAddress> forHost(List<InetAddress> addresses, AddressPreference preference,
                                            RandomGenerator random) {
        List<InetAddress> v6 = new ArrayList<>();
        List<InetAddress> v4 = new ArrayList<>();
        for (InetAddress a : addresses) {
            (a instanceof Inet6Address ? v6 : v4).add(a);
        }
        boolean v6First = switch (preference) {
            case IPV6 -> true;
            case IPV4 -> false;
            case ANY -> random.nextBoolean();
        };
        List<InetAddress> out = new ArrayList<>(addresses.size());
        out.addAll(v6First ? v6 : v4);
        out.addAll(v6First ? v4 : v6);
        return out;
    }

    /**
     * Applies the address cap ({@code smtp_mx_address_limit}; 0 = none) to the full ordered list. When both families
     * occur, the cap is split between them (the first-tried family gets the larger half, a family with fewer
     * addresses gives its unused share to the other), so a destination whose preferred family is broken is still
     * reached over the other (Postfix {@code smtp_balance_inet_protocols}). Order is preserved.
     */
    public static List<Target> cap(List<Target> ordered, int limit) {
        if (limit <= 0 || ordered.size() <= limit) {
            return List.copyOf(ordered);
        }
        long n6 = ordered.stream().filter(Target::ipv6).count();
        long n4 = ordered.size() - n6;
        if (n6 == 0 || n4 == 0) {
            return List.copyOf(ordered.subList(0, limit));
        }
        boolean firstIs6 = ordered.get(0).ipv6();
        long nFirst = firstIs6 ? n6 : n4;
        long nOther = firstIs6 ? n4 : n6;
        long qFirst = Math.min(nFirst, (limit + 1) / 2);
        long qOther = Math.min(nOther, limit - qFirst);
        qFirst = Math.min(nFirst, limit - qOther);
        long q6 = firstIs6 ? qFirst : qOther;
        long q4 = firstIs6 ? qOther : qFirst;
        List<Target> out = new ArrayList<>(limit);
        for (Target t : ordered) {
            if (t.ipv6() && q6 > 0) {
                out.add(t);
                q6--;
            } else if (!t.ipv6() && q4 > 0) {
                out.add(t);
                q4--;
            }
        }
        return List.copyOf(out);
    }
}
