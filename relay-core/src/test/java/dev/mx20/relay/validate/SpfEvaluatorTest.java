package dev.mx20.relay.validate;

import dev.mx20.relay.dns.OfflineDnsLookup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpfEvaluatorTest {
    private static SpfEvaluator.Result eval(String ip, String... records) {
        List<String> lines = new ArrayList<>(List.of(records));
        lines.add("relay IN A 192.0.2.1");
        lines.add("relay IN AAAA 2001:db8::20");
        lines.add("@ IN MX 20 relay");
        RelayConfig config = RelayConfig.builder("example.com", "v6only.example.com", "relay.example.com").build();
        CheckContext ctx = new CheckContext(config, OfflineDnsLookup.parse("example.com", lines), MtaStsPolicySource.none());
        return SpfEvaluator.evaluate(ctx, "example.com", ip);
    }

    @Test
    void mechanismsAndQualifiers() {
        assertEquals(SpfEvaluator.Verdict.PASS, eval("2001:db8::20", "@ IN TXT \"v=spf1 mx -all\"").verdict());
        assertEquals(SpfEvaluator.Verdict.PASS, eval("192.0.2.1", "@ IN TXT \"v=spf1 a:relay.example.com/32 -all\"").verdict());
        assertEquals(SpfEvaluator.Verdict.PASS, eval("2001:db8::99", "@ IN TXT \"v=spf1 a:relay.example.com//64 -all\"").verdict());
        assertEquals(SpfEvaluator.Verdict.FAIL, eval("198.51.100.1", "@ IN TXT \"v=spf1 mx -all\"").verdict());
        assertEquals(SpfEvaluator.Verdict.SOFTFAIL, eval("198.51.100.1", "@ IN TXT \"v=spf1 ip4:192.0.2.0/24 ~all\"").verdict());
        assertEquals(SpfEvaluator.Verdict.NEUTRAL, eval("198.51.100.1", "@ IN TXT \"v=spf1 ip4:192.0.2.0/24\"").verdict());
        assertEquals(SpfEvaluator.Verdict.NONE, eval("198.51.100.1", "@ IN TXT \"google-site-verification=x\"").verdict());
        assertEquals(SpfEvaluator.Verdict.PASS, eval("192.0.2.1", "@ IN TXT \"v=spf1 exists:relay.example.com -all\"").verdict());
    }

    @Test
    void includeLoopsAndRedirectLoopsStopAtTheLookupLimit() {
        SpfEvaluator.Result r = eval("198.51.100.1", "@ IN TXT \"v=spf1 include:example.com -all\"");
        assertEquals(SpfEvaluator.Verdict.PERMERROR, r.verdict());
        assertTrue(r.notes().get(0).contains("DNS-querying terms"), r.notes().toString());
        assertEquals(SpfEvaluator.Verdict.PERMERROR, eval("198.51.100.1", "@ IN TXT \"v=spf1 redirect=example.com\"").verdict());
    }

    @Test
    void garbageIsAPermanentErrorNotAnException() {
        for (String bad : List.of("v=spf1 ip4:300.0.0.1 -all", "v=spf1 ip4:192.0.2.1/33", "v=spf1 ip6:192.0.2.1",
                "v=spf1 frobnicate -all", "v=spf1 include: -all", "v=spf1 a/99", "v=spf1 redirect=nothing.example.com",
                "v=spf1 1bad=x")) {
            SpfEvaluator.Result r = eval("192.0.2.1", "@ IN TXT \"" + bad + "\"");
            assertEquals(SpfEvaluator.Verdict.PERMERROR, r.verdict(), bad);
        }
    }

    @Test
    void macrosAreExpandedForTheClientAndAStandInSender() {
        // exists:%{i}._spf: a per-address allow list, as large senders publish
        String record = "@ IN TXT \"v=spf1 exists:%{i}._spf.%{d} -all\"";
        SpfEvaluator.Result allowed = eval("192.0.2.1", record, "192.0.2.1._spf IN A 127.0.0.2");
        assertEquals(SpfEvaluator.Verdict.PASS, allowed.verdict(), allowed.notes().toString());
        assertTrue(allowed.notes().get(0).contains("192.0.2.1._spf.example.com"), allowed.notes().toString());
        assertEquals(SpfEvaluator.Verdict.FAIL, eval("198.51.100.1", record, "192.0.2.1._spf IN A 127.0.0.2").verdict());
        // the sender's local part: postmaster@<domain>
        SpfEvaluator.Result byUser = eval("192.0.2.1", "@ IN TXT \"v=spf1 include:%{l}._u.%{d} -all\"",
                "postmaster._u IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"");
        assertEquals(SpfEvaluator.Verdict.PASS, byUser.verdict(), byUser.notes().toString());
    }

    @Test
    void withoutAClientAddressMacrosOnItAreNotedNotGuessed() {
        SpfEvaluator.Result r = eval(null, "@ IN TXT \"v=spf1 exists:%{i}.spf.example.com -all\"");
        assertEquals(1, r.lookups());
        assertTrue(r.notes().get(0).contains("client address"), r.notes().toString());
    }

    @Test
    void malformedMacrosAreAPermanentError() {
        for (String bad : List.of("v=spf1 exists:%{q}.example.com -all", "v=spf1 include:%{c}.example.com -all",
                "v=spf1 a:%{d0} -all", "v=spf1 redirect=%x.example.com")) {
            assertEquals(SpfEvaluator.Verdict.PERMERROR, eval("192.0.2.1", "@ IN TXT \"" + bad + "\"").verdict(), bad);
        }
    }

    @Test
    void allQualifierIsReadFromTheText() {
        assertEquals('-', SpfEvaluator.allQualifier("v=spf1 mx -all"));
        assertEquals('+', SpfEvaluator.allQualifier("v=spf1 all"));
        assertEquals('r', SpfEvaluator.allQualifier("v=spf1 redirect=_spf.example.com"));
        assertEquals('\0', SpfEvaluator.allQualifier("v=spf1 mx"));
    }
}
