package dev.mx20.relay.delivery.route;

import dev.mx20.relay.delivery.AddressPreference;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressOrderTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static List<Target> targets(String... spec) throws Exception {
        List<Target> out = new ArrayList<>();
        for (String s : spec) {
            out.add(new Target("h", 10, ip(s), 25));
        }
        return out;
    }

    private static List<String> addrs(List<Target> t) {
        return t.stream().map(x -> x.address().getHostAddress()).toList();
    }

    @Test
    void familiesPerHost() throws Exception {
        List<InetAddress> dnsOrder = List.of(ip("192.0.2.1"), ip("2001:db8::1"), ip("192.0.2.2"), ip("2001:db8::2"));
        assertEquals(List.of(ip("2001:db8::1"), ip("2001:db8::2"), ip("192.0.2.1"), ip("192.0.2.2")),
                AddressOrder.forHost(dnsOrder, AddressPreference.IPV6, new Random(1)));
        assertEquals(List.of(ip("192.0.2.1"), ip("192.0.2.2"), ip("2001:db8::1"), ip("2001:db8::2")),
                AddressOrder.forHost(dnsOrder, AddressPreference.IPV4, new Random(1)));
        Set<InetAddress> firsts = new HashSet<>();
        Random shared = new Random(5); // as in the agent: one generator for all deliveries
        for (int i = 0; i < 20; i++) {
            firsts.add(AddressOrder.forHost(dnsOrder, AddressPreference.ANY, shared).get(0));
        }
        assertEquals(Set.of(ip("2001:db8::1"), ip("192.0.2.1")), firsts, "any: both families come first sometimes");
    }

    @Test
    void capKeepsOrderAndSharesBetweenFamilies() throws Exception {
        List<Target> six = targets("2001:db8::1", "2001:db8::2", "2001:db8::3", "2001:db8::4", "192.0.2.1");
        assertEquals(List.of("2001:db8:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:2", "192.0.2.1"), addrs(AddressOrder.cap(six, 3)));
        assertEquals(List.of("2001:db8:0:0:0:0:0:1", "192.0.2.1"), addrs(AddressOrder.cap(six, 2)));
        assertEquals(List.of("2001:db8:0:0:0:0:0:1"), addrs(AddressOrder.cap(six, 1)));
        assertEquals(5, AddressOrder.cap(six, 0).size(), "0 = no cap");
        assertEquals(5, AddressOrder.cap(six, 9).size());
        List<Target> v4only = targets("192.0.2.1", "192.0.2.2", "192.0.2.3");
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), addrs(AddressOrder.cap(v4only, 2)));
        List<Target> mostlyV4 = targets("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "2001:db8::9");
        List<String> capped = addrs(AddressOrder.cap(mostlyV4, 4));
        assertEquals(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "2001:db8:0:0:0:0:0:9"), capped);
        assertTrue(capped.size() <= 4);
    }
}
