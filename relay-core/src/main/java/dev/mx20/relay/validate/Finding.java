package dev.mx20.relay.validate;

import java.util.List;
import java.util.Objects;

/**
 * One result of a check.
 *
 * @param code     stable identifier (a {@link CheckCode} name), safe to match on
 * @param severity how bad it is
 * @param subject  what it is about: a domain, a host name or an address
 * @param message  what is wrong, in one or two sentences
 * @param remedy   what to change, written out (the DNS record or setting to add)
 * @param evidence the records or settings seen, one per line
 */
public record Finding(String code, Severity severity, String subject, String message, String remedy,
                      List<String> evidence) {
    public Finding {
        Objects.requireNonNull(code);
        Objects.requireNonNull(severity);
        subject = subject == null ? "" : subject;
        Objects.requireNonNull(message);
        remedy = remedy == null ? "" : remedy;
        evidence = List.copyOf(evidence);
    }
}
