package dev.mx20.dsn.taxonomy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CauseTest {

    @Test
    void idsAreUniqueKebabCaseAndRoundTrip() {
        Set<String> ids = new HashSet<>();
        for (Cause c : Cause.values()) {
            assertTrue(c.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), c.id());
            assertTrue(ids.add(c.id()), "duplicate id " + c.id());
            assertEquals(c, Cause.fromId(c.id()));
            assertFalse(c.explanation().isBlank(), c.id());
            assertFalse(c.remedy().isBlank(), c.id());
        }
        assertNull(Cause.fromId("no-such-cause"));
        assertNull(Cause.fromId(null));
    }

    @Test
    void nonFailuresHaveNoPermanence() {
        assertEquals(Permanence.NONE, Cause.DELIVERED.permanence());
        assertEquals(Permanence.NONE, Cause.AUTO_REPLY.permanence());
        assertEquals(Permanence.NONE, Cause.FEEDBACK_REPORT.permanence());
        assertEquals(Permanence.TRANSIENT, Cause.EXPIRED_AFTER_RETRIES.permanence());
    }

    @Test
    void theIpv6CausesAreFlagged() {
        for (Cause c : new Cause[] {Cause.MX_NO_AAAA, Cause.MX_IPV6_ONLY, Cause.IPV6_UNREACHABLE, Cause.IPV6_NOT_ACCEPTED,
                Cause.SENDER_DOMAIN_UNROUTABLE, Cause.REVERSE_DNS_MISSING_IPV6}) {
            assertTrue(c.ipv6(), c.id());
        }
        assertFalse(Cause.USER_UNKNOWN.ipv6());
    }

    @Test
    void everyCauseIsDocumented() throws IOException {
        // docs/taxonomy.md is part of the repository (one level above this module)
        Path doc = Path.of("..", "docs", "taxonomy.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        for (Cause c : Cause.values()) {
            assertTrue(text.contains("| `" + c.id() + "` |"), "docs/taxonomy.md lacks a row for " + c.id());
        }
        for (Category c : Category.values()) {
            assertTrue(text.contains("`" + c.id() + "`"), "docs/taxonomy.md lacks category " + c.id());
        }
    }

    @Test
    void categoryAcceptsTheRetiredSisimaiNames() {
        assertEquals(Category.EMAILTOOLARGE, Category.fromId("mesgtoobig"));
        assertEquals(Category.EMAILTOOLARGE, Category.fromId("ExceedLimit"));
        assertEquals(Category.RATELIMITED, Category.fromId("toomanyconn"));
        assertEquals(Category.RATELIMITED, Category.fromId("speeding"));
        assertNull(Category.fromId("nonsense"));
    }
}
