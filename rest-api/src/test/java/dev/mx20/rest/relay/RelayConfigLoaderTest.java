package dev.mx20.rest.relay;

import dev.mx20.relay.config.RelayConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way mx20.relay.* can be wrong stops start-up with a message that names the key and the fix. */
class RelayConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void disabledLoadsNothingNotEvenABrokenFile() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.cf"), "this is not a setting\n");
        assertTrue(RelayConfigLoader.load(false, Optional.of(broken.toString())).isEmpty());
        assertTrue(RelayConfigLoader.load(false, Optional.empty()).isEmpty());
    }

    @Test
    void enabledWithoutFileIsRefused() {
        for (Optional<String> missing : new Optional[] {Optional.empty(), Optional.of(""), Optional.of("   ")}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> RelayConfigLoader.load(true, missing));
            assertTrue(e.getMessage().contains("mx20.relay.config-file is not set"), e.getMessage());
            assertTrue(e.getConfigKeys().contains("mx20.relay.config-file"));
        }
    }

    @Test
    void missingFileAndDirectoryAreRefused() {
        Path nowhere = dir.resolve("no-such.cf");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RelayConfigLoader.load(true, Optional.of(nowhere.toString())));
        assertTrue(e.getMessage().contains(nowhere + ": no such file"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> RelayConfigLoader.load(true, Optional.of(dir.toString())));
    }

    @Test
    void invalidPathIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RelayConfigLoader.load(true, Optional.of("relay\0.cf")));
        assertTrue(e.getMessage().contains("is not a valid path"), e.getMessage());
    }

    @Test
    void invalidSettingsNameTheFileLineAndSetting() throws IOException {
        Path cf = Files.writeString(dir.resolve("relay.cf"), """
                # ok so far
                myhostname = relay.test.invalid
                smtpd_port = 70000
                """);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RelayConfigLoader.load(true, Optional.of(cf.toString())));
        assertTrue(e.getMessage().startsWith("mx20.relay.config-file: invalid relay configuration: "), e.getMessage());
        assertTrue(e.getMessage().contains(cf + ":3"), e.getMessage());
        assertTrue(e.getMessage().contains("smtpd_port"), e.getMessage());

        Path typo = Files.writeString(dir.resolve("typo.cf"), "relay_host = [192.0.2.1]\n");
        e = assertThrows(ConfigurationException.class, () -> RelayConfigLoader.load(true, Optional.of(typo.toString())));
        assertTrue(e.getMessage().contains("relay_host"), e.getMessage());
    }

    @Test
    void garbageFilesAreRefusedNeverAccepted() throws IOException {
        Random random = new Random(20);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            junk[0] = '!'; // never a valid setting name, so the whole file can never be valid
            Path cf = Files.write(dir.resolve("junk" + i + ".cf"), junk);
            assertThrows(ConfigurationException.class, () -> RelayConfigLoader.load(true, Optional.of(cf.toString())),
                    "junk file " + i);
        }
    }

    @Test
    void validFileGivesTheRelaySettings() throws IOException {
        Path spool = dir.resolve("spool");
        Path cf = Files.writeString(dir.resolve("relay.cf"), """
                myhostname = relay.test.invalid
                inet_interfaces = 127.0.0.1
                smtpd_port = 2525
                queue_directory = %s
                """.formatted(spool), StandardCharsets.UTF_8);
        RelayConfig c = RelayConfigLoader.load(true, Optional.of(" " + cf + " ")).orElseThrow();
        assertEquals(spool, c.queueDirectory());
        assertEquals("relay.test.invalid", c.myhostname());
    }
}
