package dev.mx20.relay.validate.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Zones for the readiness benchmark: {@code d<i>.bench.example} for i in [0, n), each the MX 20 pattern
 * (IPv6-only primary at 10, dual-stack relay at 20) with PTRs for every address. Documentation addresses only.
 */
final class BenchZones {
    private BenchZones() {
    }

    static String domain(int i) {
        return "d" + i + ".bench.example";
    }

    static List<String> zones(int n) {
        StringBuilder fwd = new StringBuilder("""
                $ORIGIN bench.example.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN NS ns1
                ns1 IN AAAA 2001:db8::53
                """);
        StringBuilder v6 = new StringBuilder("""
                $ORIGIN 8.b.d.0.1.0.0.2.ip6.arpa.
                $TTL 300
                @ IN SOA ns1.bench.example. hostmaster.bench.example. 1 3600 600 86400 300
                @ IN NS ns1.bench.example.
                """);
        StringBuilder v4 = new StringBuilder("""
                $ORIGIN 2.0.192.in-addr.arpa.
                $TTL 300
                @ IN SOA ns1.bench.example. hostmaster.bench.example. 1 3600 600 86400 300
                @ IN NS ns1.bench.example.
                """);
        for (int i = 0; i < n; i++) {
            String d = "d" + i;
            int hi = i / 65536;
            int lo = i % 65536;
            fwd.append(d).append(" IN MX 10 v6only.").append(d).append('\n');
            fwd.append(d).append(" IN MX 20 relay.").append(d).append('\n');
            fwd.append("v6only.").append(d).append(" IN AAAA 2001:db8:").append(Integer.toHexString(hi)).append(':')
                    .append(Integer.toHexString(lo)).append("::1\n");
            fwd.append("relay.").append(d).append(" IN AAAA 2001:db8:").append(Integer.toHexString(hi)).append(':')
                    .append(Integer.toHexString(lo)).append("::20\n");
            fwd.append("relay.").append(d).append(" IN A 192.0.2.").append(1 + i % 254).append('\n');
            v6.append(nibbles(hi, lo, 1)).append(" IN PTR v6only.").append(d).append(".bench.example.\n");
            v6.append(nibbles(hi, lo, 0x20)).append(" IN PTR relay.").append(d).append(".bench.example.\n");
        }
        for (int j = 1; j <= 254; j++) {
            v4.append(j).append(" IN PTR relay.d").append(j - 1).append(".bench.example.\n");
        }
        return List.of(fwd.toString(), v6.toString(), v4.toString());
    }

    /** The owner name of 2001:db8:hi:lo::last below 8.b.d.0.1.0.0.2.ip6.arpa. */
    private static String nibbles(int hi, int lo, int last) {
        String hex = String.format("%04x%04x%016x%04x", hi, lo, 0L, last).substring(0, 24);
        // 2001:0db8 are the zone; the remaining 24 nibbles: hi(4) lo(4) 0000 0000 0000 last(4)
        hex = String.format("%04x%04x%04x%04x%04x%04x", hi, lo, 0, 0, 0, last);
        StringBuilder sb = new StringBuilder();
        for (int k = hex.length() - 1; k >= 0; k--) {
            sb.append(hex.charAt(k));
            if (k > 0) {
                sb.append('.');
            }
        }
        return sb.toString();
    }

    static List<String> domains(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(domain(i));
        }
        return out;
    }
}
