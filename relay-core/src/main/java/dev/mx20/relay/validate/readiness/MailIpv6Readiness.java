package dev.mx20.relay.validate.readiness;

import java.util.List;

/**
 * The IPv6 mail readiness of one domain.
 *
 * @param domain        the domain as asked (normalised when it is a valid name)
 * @param status        the summary
 * @param nullMx        the domain publishes "MX 0 ." (RFC 7505)
 * @param implicitMx    no MX record: senders use the domain's own addresses (RFC 5321 §5.1)
 * @param mxHosts       the MX hosts, lowest preference first
 * @param allMxHaveIpv6 every MX host has an AAAA record
 * @param errors        lookups that failed (name, type, status), empty when every lookup answered
 * @param elapsedMillis how long the check took
 */
public record MailIpv6Readiness(String domain, ReadinessStatus status, boolean nullMx, boolean implicitMx,
                                List<MxHostReadiness> mxHosts, boolean allMxHaveIpv6, List<String> errors,
                                long elapsedMillis) {
    public MailIpv6Readiness {
        mxHosts = List.copyOf(mxHosts);
        errors = List.copyOf(errors);
    }

    static MailIpv6Readiness failed(String domain, ReadinessStatus status, String error, long elapsedMillis) {
        return new MailIpv6Readiness(domain, status, false, false, List.of(), false, List.of(error), elapsedMillis);
    }
}
