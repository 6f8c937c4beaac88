package dev.mx20.relay.validate.dnssec;

import java.util.Objects;

/**
 * The DNSSEC status of one answer.
 *
 * @param name   the name asked for (no trailing dot)
 * @param type   the record type asked for, e.g. {@code TLSA}
 * @param status secure, insecure, bogus or indeterminate
 * @param reason why, in the validator's words (empty when it gave none)
 */
public record DnssecVerdict(String name, String type, DnssecStatus status, String reason) {
    public DnssecVerdict {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(status);
        reason = reason == null ? "" : reason;
    }

    /** One evidence line: {@code name TYPE: STATUS (reason)}. */
    public String evidence() {
        return name + " " + type + ": DNSSEC " + status + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
