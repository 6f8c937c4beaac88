package dev.mx20.dsn.classify;

import dev.mx20.dsn.model.Action;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.Diagnostic;
import dev.mx20.dsn.model.RecipientReport;
import dev.mx20.dsn.model.ReportKind;
import dev.mx20.dsn.taxonomy.Classification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Replies of large providers (Google, Exchange Online, iCloud, QQ) as a Postfix DSN quotes them: each must land in
 * the category the provider's documentation gives it. Lines in {@code provider-texts.tsv}.
 */
class ProviderTextsTest {

    record Line(String category, String status, String text) {
        @Override
        public String toString() {
            return category + " <- " + text;
        }
    }

    static List<Line> lines() throws IOException {
        List<Line> out = new ArrayList<>();
        try (InputStream in = ProviderTextsTest.class.getResourceAsStream("provider-texts.tsv")) {
            assertNotNull(in, "provider-texts.tsv on the test class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 3);
                out.add(new Line(f[0], "-".equals(f[1]) ? null : f[1], f[2]));
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("lines")
    void providerTextLandsInItsCategory(Line line) {
        RecipientReport r = new RecipientReport("bob@example.org", null, Action.FAILED, line.status(), null,
                new Diagnostic("smtp", line.text(), null), null, null, null, List.of(), null);
        BounceReport report = new BounceReport(ReportKind.DSN, "postfix", null, null, null, null, null, null, null,
                List.of(r), null);
        Classification c = new Classifier().classify(report, r);
        assertEquals(line.category(), c.category().id(), () -> "cause " + c.cause() + ", evidence " + c.evidence());
    }
}
