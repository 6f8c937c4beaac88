package dev.mx20.relay.validate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the benchmark zones ({@link BenchZones}) as master files for a real authoritative server (NSD in
 * relay-core/bench/readiness-bench.sh): {@code <dir>/<origin>zone}, one per zone. Args: directory, domains.
 */
public final class BenchZoneFilesMain {
    private BenchZoneFilesMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        for (String zone : BenchZones.zones(n)) {
            String origin = zone.lines().filter(l -> l.startsWith("$ORIGIN ")).findFirst()
                    .orElseThrow().substring("$ORIGIN ".length()).strip();
            Files.writeString(dir.resolve(origin + "zone"), zone);
            System.out.println(origin);
        }
    }

    /** The zone origins, in the order {@link #main} writes them. */
    static List<String> origins() {
        return List.of("bench.example.", "8.b.d.0.1.0.0.2.ip6.arpa.", "2.0.192.in-addr.arpa.");
    }
}
