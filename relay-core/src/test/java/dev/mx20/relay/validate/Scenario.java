package dev.mx20.relay.validate;

import dev.mx20.relay.testdns.TestDnsServer;
import org.xbill.DNS.Master;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One test scenario directory under {@code scenarios/}: zone files ({@code *.db}, one zone each), an optional
 * {@code relay.properties} (overrides {@code _common/relay.properties}), an optional {@code mta-sts.txt} policy,
 * and {@code expected.txt}: the golden list of findings as "SEVERITY CODE" lines.
 * Zones from {@code _common/} are served unless the scenario has a file of the same name.
 */
record Scenario(String name, Path dir) {
    static final Path ROOT = root();

    private static Path root() {
        try {
            return Path.of(Scenario.class.getResource("scenarios/_common").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Scenario> all() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("_"))
                    .sorted().map(d -> new Scenario(d.getFileName().toString(), d)).toList().stream();
        }
    }

    static Scenario named(String name) {
        return new Scenario(name, ROOT.resolve(name));
    }

    /** The master files to serve. */
    List<String> zones() throws IOException {
        Map<String, String> byName = new LinkedHashMap<>();
        for (Path d : List.of(ROOT.resolve("_common"), dir)) {
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".db")).sorted().toList()) {
                    byName.put(f.getFileName().toString(), Files.readString(f));
                }
            }
        }
        // a scenario can delete a common zone with an empty file of the same name
        byName.values().removeIf(String::isBlank);
        return new ArrayList<>(byName.values());
    }

    /** The same records as absolute zone-file lines, for the offline lookup (SOA records left out). */
    List<String> recordLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String zone : zones()) {
            try (Master m = new Master(new ByteArrayInputStream(zone.getBytes(StandardCharsets.UTF_8)))) {
                Record r;
                while ((r = m.nextRecord()) != null) {
                    if (r.getType() != Type.SOA) {
                        lines.add(r.toString());
                    }
                }
            }
        }
        return lines;
    }

    RelayConfig config() throws IOException {
        Properties p = new Properties();
        load(p, ROOT.resolve("_common/relay.properties"));
        Path own = dir.resolve("relay.properties");
        if (Files.exists(own)) {
            load(p, own);
        }
        return RelayConfig.builder("x", p.getProperty("primaryHost"), p.getProperty("relayHost"))
                .domains(list(p, "domains"))
                .preferences(Integer.parseInt(p.getProperty("primaryPreference")),
                        Integer.parseInt(p.getProperty("relayPreference")))
                .relayIpv4(blankToNull(p.getProperty("relayIpv4")))
                .relayIpv6(blankToNull(p.getProperty("relayIpv6")))
                .heloName(blankToNull(p.getProperty("heloName")))
                .recipients(list(p, "recipients"))
                .recipientCount(Optional.ofNullable(blankToNull(p.getProperty("recipientCount"))).map(Integer::valueOf).orElse(null))
                .routing(RoutingMode.valueOf(p.getProperty("routing")))
                .forwardTarget(blankToNull(p.getProperty("forwardTarget")))
                .queueLifetime(Duration.ofHours(Long.parseLong(p.getProperty("queueLifetimeHours"))))
                .sizeLimits(Long.valueOf(p.getProperty("relaySizeLimit")), Long.valueOf(p.getProperty("primarySizeLimit")))
                .smarthost(Boolean.parseBoolean(p.getProperty("smarthost")))
                .relayNetworks(list(p, "relayNetworks"))
                .dkimSelectors(list(p, "dkimSelectors"))
                .primaryIpv6Only(Optional.ofNullable(blankToNull(p.getProperty("primaryIpv6Only"))).map(Scenario::strictBoolean).orElse(null))
                .build();
    }

    MtaStsPolicySource mtaSts() throws IOException {
        Path policy = dir.resolve("mta-sts.txt");
        if (!Files.exists(policy)) {
            return MtaStsPolicySource.supplied(Map.of());
        }
        String domain = config().domains().get(0);
        return MtaStsPolicySource.supplied(Map.of(domain, Files.readString(policy)));
    }

    /** The golden findings, "SEVERITY CODE" per line, sorted. */
    List<String> expected() throws IOException {
        return Files.readAllLines(dir.resolve("expected.txt")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
    }

    /**
     * With {@code -Dmx20.golden.update=true}, rewrites expected.txt from the report (then review the diff: the
     * golden file is only as good as that review). Keeps the comment lines.
     */
    void updateGoldenIfAsked(ValidationReport report) throws IOException {
        if (!Boolean.getBoolean("mx20.golden.update")) {
            return;
        }
        // test-classes is a copy: write to the source tree too
        Path file = dir.resolve("expected.txt");
        List<String> comments = Files.exists(file)
                ? Files.readAllLines(file).stream().filter(l -> l.startsWith("#")).toList() : List.of();
        List<String> lines = new ArrayList<>(comments);
        lines.addAll(actual(report));
        Files.write(file, lines);
        Path source = Path.of("src/test/resources/dev/mx20/relay/validate/scenarios", name, "expected.txt");
        if (Files.isDirectory(source.getParent())) {
            Files.write(source, lines);
        }
    }

    static List<String> actual(ValidationReport report) {
        return new ArrayList<>(new TreeSet<>(report.findings().stream()
                .map(f -> f.severity() + " " + f.code()).toList()));
    }

    TestDnsServer serve() throws IOException {
        return TestDnsServer.start(zones().toArray(new String[0]));
    }

    private static void load(Properties p, Path f) throws IOException {
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        }
    }

    private static List<String> list(Properties p, String key) {
        String v = p.getProperty(key, "");
        return v.isBlank() ? List.of() : Arrays.stream(v.split(",")).map(String::strip).toList();
    }

    private static Boolean strictBoolean(String s) {
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("not true or false: " + s);
        }
        return Boolean.valueOf(s);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return name;
    }
}
