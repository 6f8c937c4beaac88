package dev.mx20.relay.dsn;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of the DSN writer.
 *
 * @param myhostname        the relay's name: {@code Reporting-MTA: dns; myhostname} and
 *                          {@code From: MAILER-DAEMON@myhostname} ({@code myhostname})
 * @param returnedSizeLimit the largest original message returned whole for RET=FULL; larger ones are returned as
 *                          headers only ({@code bounce_size_limit}, 50000 bytes as in Postfix)
 * @param zone              the time zone for dates in the DSN (RFC 5322 §3.3 numeric offset)
 */
public record DsnSettings(String myhostname, int returnedSizeLimit, ZoneId zone) {
    public DsnSettings {
        Objects.requireNonNull(myhostname, "myhostname");
        Objects.requireNonNull(zone, "zone");
        if (myhostname.isBlank() || myhostname.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("myhostname must be a host name: " + myhostname);
        }
        if (returnedSizeLimit < 0) {
            throw new IllegalArgumentException("returnedSizeLimit must be >= 0");
        }
    }

    /** Postfix-like defaults: 50000 byte limit, UTC. */
    public static DsnSettings of(String myhostname) {
        return new DsnSettings(myhostname, 50_000, ZoneId.of("UTC"));
    }
}
