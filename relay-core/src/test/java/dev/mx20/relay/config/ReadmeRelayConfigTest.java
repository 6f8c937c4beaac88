package dev.mx20.relay.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code relay.cf} README.md shows is a configuration the relay accepts, and means what README says. */
class ReadmeRelayConfigTest {

    @Test
    void readmesRelayConfigurationParsesAndMeansWhatItSays() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int intro = readme.indexOf("Configuration `relay.cf`");
        assertTrue(intro > 0, "README.md introduces its relay.cf example");
        int open = readme.indexOf("```\n", intro) + 4;
        int close = readme.indexOf("```", open);
        List<String> lines = readme.substring(open, close).lines().toList();

        RelayConfig c = ConfigFile.parse(lines, "README.md");
        assertEquals(List.of("example.com"), c.relayDomains());
        assertEquals("+", c.recipientDelimiter());
        assertEquals(Path.of("/etc/mx20/relay_recipients"), c.relayRecipientMaps().orElseThrow());
        assertTrue(c.mynetworks().stream().anyMatch(n -> n.contains(dev.mx20.relay.policy.IpNetwork.literal("2001:db8::1"))),
                "the IPv6-only primary may use the relay as its smarthost");
        assertTrue(readme.contains("`alice+lists@example.com` is valid when `alice@example.com` is listed"));
    }
}
