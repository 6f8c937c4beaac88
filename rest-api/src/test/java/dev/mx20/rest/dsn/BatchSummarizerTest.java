package dev.mx20.rest.dsn;

import dev.mx20.rest.dsn.json.BatchSummaryJson;
import dev.mx20.rest.dsn.json.OriginalJson;
import dev.mx20.rest.dsn.json.RecipientJson;
import dev.mx20.rest.dsn.json.ReportJson;
import dev.mx20.rest.problem.Problem;
import dev.mx20.rest.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BatchSummarizerTest {

    @Test
    void countsFailuresRanksTopListsAndComputesTheIpv6Share() {
        BatchSummarizer s = new BatchSummarizer();
        s.add(report("dsn", rcpt("a@Example.org", "ASPMX.l.google.com", "requireptr", "ipv6-ptr-missing", "permanent", true)));
        s.add(report("dsn", rcpt("b@example.org", "aspmx.l.google.com", "requireptr", "ipv6-ptr-missing", "permanent", true),
                rcpt("c@example.net", "mx.example.net", "userunknown", "mailbox-does-not-exist", "permanent", false)));
        s.add(report("delay", rcpt("d@example.com", null, "networkerror", "ipv6-network-unreachable", "transient", true)));
        s.add(report("auto-reply", rcpt("e@example.com", null, "vacation", "vacation", "none", false)));
        s.addError(Problem.of(ProblemType.NOT_A_MESSAGE, 422, "x", "/dsn/classify/batch"));
        BatchSummaryJson sum = s.summary(2);

        assertEquals(5, sum.messages());
        assertEquals(4, sum.analysed());
        assertEquals(1, sum.errors());
        assertEquals(5, sum.recipients());
        assertEquals(4, sum.failedRecipients());
        assertEquals(3, sum.ipv6Failures());
        assertEquals(0.75, sum.ipv6Share());
        assertEquals(List.of("dsn", "auto-reply", "delay"), List.copyOf(sum.byKind().keySet()));
        assertEquals(2L, sum.byCategory().get("requireptr"));
        assertNull(sum.byCategory().get("vacation"), "a vacation notice is not a failure");
        assertEquals(List.of(new BatchSummaryJson.CountJson("aspmx.l.google.com", 2),
                new BatchSummaryJson.CountJson("mx.example.net", 1)), sum.topRemoteMtas());
        assertEquals(List.of(new BatchSummaryJson.CountJson("example.org", 2),
                new BatchSummaryJson.CountJson("example.com", 1)), sum.topRecipientDomains());
        assertEquals(1L, sum.errorsByType().get("tag:mx20.dev,2025:problem/not-a-message"));
    }

    @Test
    void anEmptyMailboxHasAZeroShareNotADivisionByZero() {
        assertEquals(0.0, new BatchSummarizer().summary(10).ipv6Share());
    }

    @Test
    void domainsAreTakenAfterTheLastAt() {
        assertEquals("example.org", BatchSummarizer.domainOf("\"a@b\"@Example.ORG"));
        assertNull(BatchSummarizer.domainOf("no-at-sign"));
        assertNull(BatchSummarizer.domainOf("trailing@"));
        assertNull(BatchSummarizer.domainOf(null));
    }

    private static ReportJson report(String kind, RecipientJson... rs) {
        return new ReportJson(kind, null, null, null, null, null, null, List.of(),
                new OriginalJson(null, null, null, null, null), List.of(rs), List.of());
    }

    private static RecipientJson rcpt(String to, String mta, String category, String cause, String permanence, boolean ipv6) {
        return new RecipientJson(to, null, "failed", "5.0.0", mta, null, null, null, null, List.of(), category, cause,
                permanence, ipv6, "", "", "");
    }
}
