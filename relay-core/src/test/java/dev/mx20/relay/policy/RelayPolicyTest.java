package dev.mx20.relay.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayPolicyTest {
    @TempDir
    Path dir;

    private RelayPolicy policy(String list) throws IOException {
        Path f = dir.resolve("recipients");
        Files.writeString(f, list);
        return new RelayPolicy(Set.of("example.com", "example.net"), RecipientList.load(f),
                List.of(IpNetwork.parse("2001:db8::/32")));
    }

    private static MailPath p(String s) {
        return MailPath.parse(s).orElseThrow();
    }

    @Test
    void relayedDomainNeedsAListedRecipientEvenForTrustedClients() throws IOException {
        RelayPolicy pol = policy("# valid recipients\nalice@example.com\n\n@example.net  OK\n");
        assertEquals("250", code(pol.checkRecipient(p("<Alice@EXAMPLE.com>"), false)));
        assertEquals("550 5.1.1", code(pol.checkRecipient(p("<bob@example.com>"), false)));
        assertEquals("550 5.1.1", code(pol.checkRecipient(p("<bob@example.com>"), true)));
        assertEquals("250", code(pol.checkRecipient(p("<anyone@example.net>"), false)));
    }

    @Test
    void anAddressExtensionIsAcceptedWhenTheBaseAddressIsListedAndOnlyWithADelimiterConfigured() throws IOException {
        Path f = dir.resolve("recipients");
        Files.writeString(f, "alice@example.com\nowner-ipv6@example.com\n");
        RelayPolicy plain = new RelayPolicy(Set.of("example.com"), RecipientList.load(f), List.of());
        RelayPolicy extended = new RelayPolicy(Set.of("example.com"), RecipientList.load(f), List.of(), "+-");
        assertEquals("550 5.1.1", code(plain.checkRecipient(p("<alice+lists@example.com>"), false)));
        assertEquals("250", code(extended.checkRecipient(p("<alice+lists@example.com>"), false)));
        assertEquals("250", code(extended.checkRecipient(p("<Alice-IPv6@Example.com>"), false)));
        assertEquals("250", code(extended.checkRecipient(p("<owner-ipv6@example.com>"), false)));
        // The base must be listed; an unlisted base with an extension is as unknown as without one.
        assertEquals("550 5.1.1", code(extended.checkRecipient(p("<bob+lists@example.com>"), false)));
        assertEquals("550 5.1.1", code(extended.checkRecipient(p("<owner-alice@example.com>"), false)));
        assertEquals("550 5.1.1", code(extended.checkRecipient(p("<alice+@example.com>"), false)));
        assertEquals("550 5.1.1", code(extended.checkRecipient(p("<\"alice+x\"@example.com>"), false)));
        // Routing tricks stay refused whatever the extension would say.
        assertEquals("554 5.7.1", code(extended.checkRecipient(p("<alice+x%elsewhere.example@example.com>"), false)));
    }

    @Test
    void foreignDomainsOnlyForTrustedClients() throws IOException {
        RelayPolicy pol = policy("alice@example.com\n");
        assertEquals("554 5.7.1", code(pol.checkRecipient(p("<x@elsewhere.example>"), false)));
        assertEquals("250", code(pol.checkRecipient(p("<x@elsewhere.example>"), true)));
        assertTrue(pol.isTrusted(IpNetwork.literal("2001:db8::1")));
        assertFalse(pol.isTrusted(IpNetwork.literal("192.0.2.1")));
    }

    @Test
    void routingTricksAreRefusedForEveryone() throws IOException {
        RelayPolicy pol = policy("alice@example.com\n@example.net\n");
        for (String trick : new String[]{"<user%elsewhere.example@example.net>", "<\"x@elsewhere.example\"@example.net>",
                "<@example.net:x@elsewhere.example>", "<elsewhere!user@example.net>"}) {
            assertEquals("554 5.7.1", code(pol.checkRecipient(p(trick), false)), trick);
            assertEquals("554 5.7.1", code(pol.checkRecipient(p(trick), true)), trick);
        }
    }

    @Test
    void listIsReloadedWhenTheFileChangesAndKeptWhenTheNewOneIsBroken() throws IOException {
        RelayPolicy pol = policy("alice@example.com\n");
        Path f = dir.resolve("recipients");
        assertEquals("550 5.1.1", code(pol.checkRecipient(p("<bob@example.com>"), false)));
        Path tmp = dir.resolve("recipients.new");
        Files.writeString(tmp, "alice@example.com\nbob@example.com\n");
        Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().plusSeconds(5)));
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("250", code(pol.checkRecipient(p("<bob@example.com>"), false)));

        Files.writeString(f, "alice@example.com\nthis is not an address\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(10)));
        assertEquals("250", code(pol.checkRecipient(p("<bob@example.com>"), false)), "previous list stays in force");
        Files.delete(f);
        assertEquals("250", code(pol.checkRecipient(p("<alice@example.com>"), false)));
    }

    @Test
    void invalidListIsRefusedAtStartWithTheLineNumber() throws IOException {
        Path f = dir.resolve("bad");
        Files.writeString(f, "ok@example.com\n# fine\n<not@valid\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecipientList.load(f));
        assertTrue(e.getMessage().contains(":3:"), e.getMessage());
    }

    private static String code(PolicyDecision d) {
        return d.accepted() ? "250" : d.code() + " " + d.enhanced();
    }
}
