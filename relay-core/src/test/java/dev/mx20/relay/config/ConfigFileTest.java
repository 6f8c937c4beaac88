package dev.mx20.relay.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileTest {

    private static RelayConfig parse(String text) {
        return ConfigFile.parse(List.of(text.split("\n", -1)), "relay.cf");
    }

    @Test
    void parsesPostfixSyntaxWithCommentsContinuationsAndUnits() {
        RelayConfig c = parse("""
                # the MX 20 relay
                myhostname = relay.example.com
                relay_domains = example.com,
                    example.net
                relay_recipient_maps = /etc/mx20/recipients
                mynetworks = 127.0.0.0/8 [2001:db8::]/32
                maximal_queue_lifetime = 2d
                minimal_backoff_time = 5m
                message_size_limit = 2048
                smtp_address_preference = IPv4
                """);
        assertEquals("relay.example.com", c.myhostname());
        assertEquals(List.of("example.com", "example.net"), c.relayDomains());
        assertEquals(Duration.ofDays(2), c.maximalQueueLifetime());
        assertEquals(Duration.ofMinutes(5), c.minimalBackoffTime());
        assertEquals(2048, c.messageSizeLimit());
        assertEquals(dev.mx20.relay.delivery.AddressPreference.IPV4, c.deliverySettings().addressPreference());
        assertEquals(2, c.mynetworks().size());
        assertTrue(c.mynetworks().get(1).contains(dev.mx20.relay.policy.IpNetwork.literal("2001:db8::25")));
    }

    @Test
    void defaultsFollowTheDocumentedValues() {
        RelayConfig c = RelayConfig.builder().build();
        assertEquals(10_240_000, c.messageSizeLimit());
        assertEquals(1000, c.smtpdRecipientLimit());
        assertEquals(Duration.ofDays(5), c.maximalQueueLifetime());
        assertEquals(Duration.ofSeconds(300), c.minimalBackoffTime());
        assertEquals(Duration.ofSeconds(4000), c.maximalBackoffTime());
        assertEquals(dev.mx20.relay.delivery.AddressPreference.IPV6, c.deliverySettings().addressPreference());
        assertEquals(BareNewlinePolicy.NORMALIZE, c.smtpdForbidBareNewline());
        assertTrue(c.smtpdForbidUnauthPipelining());
        assertEquals("", c.recipientDelimiter());
    }

    @Test
    void recipientDelimiterTakesPunctuationOnly() {
        assertEquals("+-", parse("recipient_delimiter = +-").recipientDelimiter());
        for (String bad : new String[]{"a", "+a", "@", "+@", "\"", "+ -", "\\", "+,"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> parse("recipient_delimiter = " + bad), bad);
            assertTrue(e.getMessage().contains("recipient_delimiter"), e.getMessage());
        }
    }

    @Test
    void errorsNameTheFileLineAndSetting() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("# x\nmesage_size_limit = 5"));
        assertEquals("relay.cf:2: unknown setting 'mesage_size_limit'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("smtpd_timeout = 5x"));
        assertTrue(e.getMessage().startsWith("relay.cf:1: smtpd_timeout: unknown time unit"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("message_size_limit = 1\nmessage_size_limit = 2"));
        assertEquals("relay.cf:2: message_size_limit already set on line 1", e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("\n\nmynetworks = 10.0.0.0/33"));
        assertTrue(e.getMessage().startsWith("relay.cf:3: mynetworks:"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("  continued"));
        assertTrue(e.getMessage().contains("continuation line"), e.getMessage());
    }

    @Test
    void relayDomainsWithoutRecipientListIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("relay_domains = example.com"));
        assertTrue(e.getMessage().contains("relay_recipient_maps"), e.getMessage());
    }

    @Test
    void garbageNeverEscapesAsAnythingButConfigException() {
        String[] garbage = {"=", "= value", "name", "näme = 1", "smtpd_port = 70000", "smtpd_port = -1",
                "smtpd_recipient_limit = 0", "smtpd_recipient_limit = 99999999999", "inet_interfaces = eth0",
                "smtpd_forbid_unauth_pipelining = maybe", "smtp_bind_address = example.com",
                "maximal_queue_lifetime = 0", "smtpd_forbid_bare_newline = sometimes", "\u0000 = \u0000",
                "smtp_address_preference = ipv5", "message_size_limit = 1e9",
                "smtp_connection_cache_on_demand = sometimes", "smtp_connection_cache_time_limit = 0",
                "smtp_connection_cache_time_limit = -2s", "smtp_connection_reuse_time_limit = 0s",
                "smtp_connection_reuse_time_limit = forever", "smtp_connection_reuse_count_limit = -1",
                "smtp_connection_reuse_count_limit = 99999999999", "smtp_connection_reuse_count_limit = ten"};
        for (String g : garbage) {
            assertThrows(ConfigException.class, () -> parse(g), g);
        }
    }

    @Test
    void sessionReuseSettingsHavePostfixNamesAndDefaults() {
        RelayConfig d = RelayConfig.builder().build();
        assertTrue(d.smtpConnectionCacheOnDemand());
        assertEquals(Duration.ofSeconds(2), d.smtpConnectionCacheTimeLimit());
        assertEquals(Duration.ofSeconds(300), d.smtpConnectionReuseTimeLimit());
        assertEquals(100, d.smtpConnectionReuseCountLimit());

        RelayConfig c = parse("""
                smtp_connection_cache_on_demand = no
                smtp_connection_cache_time_limit = 5s
                smtp_connection_reuse_time_limit = 10m
                smtp_connection_reuse_count_limit = 0
                """);
        assertFalse(c.smtpConnectionCacheOnDemand());
        assertEquals(null, c.newConnectionCache(), "no cache: a session per message");
        assertEquals(Duration.ofSeconds(5), c.smtpConnectionCacheTimeLimit());
        assertEquals(Duration.ofMinutes(10), c.smtpConnectionReuseTimeLimit());
        assertEquals(Integer.MAX_VALUE, c.smtpConnectionReuseCountLimit(), "0 = no limit, as in Postfix");
    }

    @Test
    void sessionReuseErrorsSayWhatIsWrong() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("smtp_connection_cache_time_limit = 0"));
        assertEquals("relay.cf:1: smtp_connection_cache_time_limit: must be longer than zero", e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("smtp_connection_reuse_count_limit = -1"));
        assertTrue(e.getMessage().startsWith("relay.cf:1: smtp_connection_reuse_count_limit:"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("smtp_connection_cache_on_demand = often"));
        assertTrue(e.getMessage().startsWith("relay.cf:1: smtp_connection_cache_on_demand:"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("""
                smtp_connection_cache_time_limit = 10m
                smtp_connection_reuse_time_limit = 300s"""));
        assertTrue(e.getMessage().contains("smtp_connection_cache_time_limit (10m) must not be longer than "
                + "smtp_connection_reuse_time_limit (300s)"), e.getMessage());
    }
}
