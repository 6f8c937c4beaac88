package dev.mx20.relay.validate.dnssec;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a response becomes a verdict, for what the live tests cannot easily produce (a resolver's RFC 8914 codes). */
class VerdictsTest {
    @Test
    void adIsSecureAndItsAbsenceInsecure() {
        Message m = response(Rcode.NOERROR);
        assertEquals(DnssecStatus.INSECURE, Verdicts.classify("x", "TLSA", m).status());
        m.getHeader().setFlag(Flags.AD);
        assertEquals(DnssecStatus.SECURE, Verdicts.classify("x", "TLSA", m).status());
    }

    @Test
    void servfailWithADnssecExtendedErrorIsBogusAndWithoutItUnknown() {
        assertEquals(DnssecStatus.INDETERMINATE, Verdicts.classify("x", "TLSA", response(Rcode.SERVFAIL)).status());
        Message expired = response(Rcode.SERVFAIL);
        expired.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ExtendedErrorCodeOption(7, "expired"))),
                Section.ADDITIONAL);
        DnssecVerdict v = Verdicts.classify("x", "TLSA", expired);
        assertEquals(DnssecStatus.BOGUS, v.status());
        Message network = response(Rcode.SERVFAIL);
        // 22 "No Reachable Authority": not DNSSEC's verdict
        network.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ExtendedErrorCodeOption(22, ""))),
                Section.ADDITIONAL);
        assertEquals(DnssecStatus.INDETERMINATE, Verdicts.classify("x", "TLSA", network).status());
    }

    @Test
    void refusedAndTimeoutsAreUnknown() {
        assertEquals(DnssecStatus.INDETERMINATE, Verdicts.classify("x", "MX", response(Rcode.REFUSED)).status());
        DnssecVerdict t = Verdicts.failure("x", "MX", new CompletionException(new TimeoutException()));
        assertEquals(DnssecStatus.INDETERMINATE, t.status());
        assertEquals("no answer in time", t.reason());
    }

    private static Message response(int rcode) {
        Message m = new Message();
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(rcode);
        return m;
    }
}
