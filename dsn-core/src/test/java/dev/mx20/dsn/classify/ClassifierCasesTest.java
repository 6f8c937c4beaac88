package dev.mx20.dsn.classify;

import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Diagnostic;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;
import dev.mx20.dsn.taxonomy.Cause;
import dev.mx20.dsn.taxonomy.Classification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table-driven classifier tests: {@code cases.tsv} holds one realistic diagnostic per line with the expected
 * cause, category, permanence and IPv6 flag. Every cause of the catalogue must have at least one case.
 */
class ClassifierCasesTest {

    record Case(int line, String cause, String category, String permanence, boolean ipv6, ReportKind kind,
                Action action, String status, Integer reply, String text) {
        @Override
        public String toString() {
            return "line " + line + ": " + cause + " <- " + (text == null ? "(no text)" : text);
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = ClassifierCasesTest.class.getResourceAsStream("cases.tsv")) {
            assertNotNull(in, "cases.tsv on the test class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                assertEquals(9, c.length, "columns on line " + n);
                cases.add(new Case(n, c[0], c[1], c[2], Boolean.parseBoolean(c[3]), kind(c[4]),
                        "-".equals(c[5]) ? null : Action.parse(c[5]), dash(c[6]),
                        "-".equals(c[7]) ? null : Integer.valueOf(c[7]), dash(c[8])));
            }
        }
        return cases;
    }

    private static String dash(String s) {
        return "-".equals(s) ? null : s;
    }

    private static ReportKind kind(String id) {
        for (ReportKind k : ReportKind.values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind " + id);
    }

    static Classification classify(Case c) {
        return classify(c, "rfc3464");
    }

    /** Classifies the case as a recipient of a report of the given format (the parser's family name). */
    static Classification classify(Case c, String format) {
        RecipientReport recipient = new RecipientReport("kijitora@example.jp", null, c.action(), c.status(),
                "mx.example.jp", c.text() == null && c.reply() == null ? null
                : new Diagnostic("smtp", c.text(), c.reply()), null, null, null, List.of(), null);
        BounceReport report = new BounceReport(c.kind(), format, "mta.example.net", null, null, null, null,
                List.of(), null, List.of(recipient), List.of());
        return new Classifier().classify(report, recipient);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void classifiesAsExpected(Case c) {
        Classification got = classify(c);
        assertEquals(c.cause(), got.cause(), () -> "cause; evidence: " + got.evidence());
        assertEquals(c.category(), got.category().id(), "category");
        assertEquals(c.permanence(), got.permanence().id(), "permanence");
        assertEquals(c.ipv6(), got.ipv6(), () -> "ipv6; evidence: " + got.evidence());
        Cause cause = Cause.fromId(got.cause());
        assertNotNull(cause);
        assertTrue(got.explanation().endsWith(cause.explanation()), "explanation comes from the catalogue");
        assertEquals(cause.remedy(), got.remedy());
        if (c.text() != null || c.status() != null) {
            assertFalse(got.evidence().isBlank(), "a decision from text or status names its evidence");
        }
    }

    @Test
    void everyCauseHasACase() throws IOException {
        Set<Cause> covered = EnumSet.noneOf(Cause.class);
        for (Case c : cases()) {
            Cause cause = Cause.fromId(c.cause());
            assertNotNull(cause, "unknown cause id in cases.tsv: " + c.cause());
            covered.add(cause);
        }
        Set<Cause> missing = EnumSet.complementOf(EnumSet.copyOf(covered));
        assertTrue(missing.isEmpty(), "causes without a test case: " + missing);
    }

    @Test
    void ipv6CausesNameTheConcreteFix() {
        assertTrue(Cause.MX_NO_AAAA.remedy().contains("MX 20 relay"));
        assertTrue(Cause.REVERSE_DNS_MISSING_IPV6.remedy().contains("FCrDNS"));
        assertTrue(Cause.IPV6_UNREACHABLE.remedy().contains("send over IPv4"));
        assertTrue(Cause.MX_IPV6_ONLY.remedy().contains("A record"));
    }
}
