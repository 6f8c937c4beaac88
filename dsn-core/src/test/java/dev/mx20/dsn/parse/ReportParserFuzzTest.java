package dev.mx20.dsn.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mx20.dsn.DsnLimits;
import dev.mx20.dsn.DsnParseException;
import dev.mx20.dsn.model.BounceReport;
import dev.mx20.dsn.model.RecipientReport;

import java.io.ByteArrayInputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link ReportParser}. In a normal {@code mvn test} this replays the seeds in
 * {@code src/test/resources/dev/mx20/dsn/parse/ReportParserFuzzTestInputs/parse/} (and any crash files found
 * earlier); with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}. The contract checked: the only
 * exception is {@link DsnParseException}, the report is well-formed, the limits hold, and no format reader hit
 * an internal error (the parser turns those into a warning, which this test treats as a failure).
 */
class ReportParserFuzzTest {
    /** Small limits so that the fuzzer reaches them quickly. */
    private static final DsnLimits LIMITS = new DsnLimits(64 * 1024, 2048, 64, 6, 20);
    private static final ReportParser PARSER = new ReportParser(LIMITS);

    @FuzzTest(maxDuration = "30s")
    void parse(byte[] data) {
        BounceReport r;
        try {
            r = PARSER.parse(new ByteArrayInputStream(data));
        } catch (DsnParseException e) {
            return; // the one documented failure
        }
        assertNotNull(r.kind());
        assertNotNull(r.original());
        assertTrue(r.recipients().size() <= LIMITS.maxRecipients(), "recipient limit");
        for (String w : r.warnings()) {
            assertFalse(w.startsWith("internal error"), w);
        }
        for (RecipientReport rr : r.recipients()) {
            assertNull(rr.classification());
            if (rr.status() != null) {
                assertTrue(rr.status().matches("[245]\\.\\d{1,3}\\.\\d{1,3}"), rr.status());
            }
            if (rr.diagnostic() != null && rr.diagnostic().replyCode() != null) {
                int c = rr.diagnostic().replyCode();
                assertTrue(c >= 200 && c <= 559, "reply code " + c);
            }
        }
    }
}
