package dev.mx20.relay.validate;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MtaStsPolicyTest {
    @Test
    void wildcardMatchesExactlyOneLabel() {
        MtaStsPolicy p = MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: *.example.com\nmx: v6only.example.net\nmax_age: 86400\n");
        assertTrue(p.problems().isEmpty(), p.problems().toString());
        assertTrue(p.matches("relay.example.com"));
        assertTrue(p.matches("RELAY.example.com."));
        assertFalse(p.matches("a.relay.example.com"));
        assertFalse(p.matches("example.com"));
        assertTrue(p.matches("v6only.example.net"));
        assertFalse(p.matches("x.v6only.example.net"));
    }

    @Test
    void garbageGivesProblemsNeverAnException() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            MtaStsPolicy p = MtaStsPolicy.parse(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
            assertFalse(p.problems().isEmpty());
        }
        MtaStsPolicy huge = MtaStsPolicy.parse("mx: a.example\n".repeat(10_000));
        assertTrue(huge.problems().stream().anyMatch(s -> s.contains("longer than")));
        MtaStsPolicy badAge = MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 99999999999\n");
        assertEquals(1, badAge.problems().size(), badAge.problems().toString());
    }
}
