package dev.mx20.relay.validate.dnssec;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Reads a validated (or validating resolver's) response into a {@link DnssecVerdict}. */
final class Verdicts {
    /**
     * RFC 8914 §4 extended DNS errors that mean "DNSSEC says no": 1 unsupported DNSKEY algorithm, 2 unsupported
     * DS digest, 6 DNSSEC bogus, 7 signature expired, 8 signature not yet valid, 9 DNSKEY missing, 10 RRSIGs
     * missing, 11 no zone key bit set, 12 NSEC missing. (1 and 2 make a zone insecure for a resolver per RFC
     * 4035 §5.2, but a validator that says so with SERVFAIL treated it as bogus.)
     */
    private static final Set<Integer> BOGUS_EDE = Set.of(1, 2, 6, 7, 8, 9, 10, 11, 12);

    private Verdicts() {
    }

    /**
     * AD set: secure. SERVFAIL with a validation reason (dnsjava's TXT in class
     * {@value ValidatingResolver#VALIDATION_REASON_QCLASS}, or a DNSSEC extended error): bogus, as validating
     * resolvers answer bogus data with SERVFAIL (RFC 4035 §5.5). An answer or a negative answer without AD:
     * insecure. Anything else: indeterminate.
     */
    static DnssecVerdict classify(String name, String type, Message response) {
        int rcode = response.getRcode();
        String reason = validationReason(response);
        Integer ede = extendedError(response);
        if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
            if (response.getHeader().getFlag(Flags.AD)) {
                return new DnssecVerdict(name, type, DnssecStatus.SECURE, "");
            }
            return new DnssecVerdict(name, type, DnssecStatus.INSECURE,
                    reason.isEmpty() ? "answer not authenticated (no AD bit)" : reason);
        }
        if (rcode == Rcode.SERVFAIL && (!reason.isEmpty() || (ede != null && BOGUS_EDE.contains(ede)))) {
            return new DnssecVerdict(name, type, DnssecStatus.BOGUS,
                    reason.isEmpty() ? "SERVFAIL, extended DNS error " + ede : reason);
        }
        return new DnssecVerdict(name, type, DnssecStatus.INDETERMINATE,
                Rcode.string(rcode) + (reason.isEmpty() ? "" : " (" + reason + ")"));
    }

    /** A lookup that never produced a response. */
    static DnssecVerdict failure(String name, String type, Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String why = t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException
                ? "no answer in time" : String.valueOf(t);
        return new DnssecVerdict(name, type, DnssecStatus.INDETERMINATE, why);
    }

    private static String validationReason(Message response) {
        StringBuilder out = new StringBuilder();
        for (Record r : response.getSection(Section.ADDITIONAL)) {
            if (r.getType() == Type.TXT && r.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS
                    && r instanceof TXTRecord txt) {
                txt.getStrings().forEach(out::append);
            }
        }
        return out.toString();
    }

    private static Integer extendedError(Message response) {
        OPTRecord opt = response.getOPT();
        if (opt == null) {
            return null;
        }
        for (EDNSOption o : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)) {
            if (o instanceof ExtendedErrorCodeOption ede) {
                return ede.getErrorCode();
            }
        }
        return null;
    }
}
